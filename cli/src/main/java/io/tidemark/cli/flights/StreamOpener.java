package io.tidemark.cli.flights;

import java.io.IOException;
import java.io.InputStream;

/** Opens a fresh stream over the same bytes each time (a file or a classpath resource). */
@FunctionalInterface
interface StreamOpener {
  InputStream open() throws IOException;
}
