package io.tidemark.streaming.util;

import java.util.function.Function;

/** A template for {@link IsolatedClassTest}: applies a function to a tag. */
public final class TaggingTemplate implements Function<String, String> {
  private final String tag;

  public TaggingTemplate(String tag) {
    this.tag = tag;
  }

  @Override
  public String apply(String s) {
    return tag + ":" + s + ":" + getClass().getSimpleName().startsWith("TaggingTemplate");
  }
}
