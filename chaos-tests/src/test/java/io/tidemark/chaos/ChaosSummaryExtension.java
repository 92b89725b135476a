package io.tidemark.chaos;

import java.time.Instant;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Prints {@link ChaosSummary}'s table once, when the whole test run ends (the root context's
 * store closes its resources then), however many chaos test classes ran.
 */
final class ChaosSummaryExtension implements BeforeAllCallback {
  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(ChaosSummaryExtension.class, k -> new Printer(), Printer.class);
  }

  private static final class Printer implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      if (!ChaosSummary.isEmpty()) {
        ChaosSummary.print("chaos summary (" + Instant.now() + ", " + ChaosSettings.fromSystemProperties().describe()
            + ")", ChaosSettings.workRoot().resolve("summary.txt"));
      }
    }
  }
}
