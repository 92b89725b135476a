package io.tidemark.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Option;

/**
 * The {@code --hadoop KEY=VALUE} option of the commands that open a checkpoint directory: Hadoop
 * settings of its file system, on top of the Hadoop defaults and any {@code core-site.xml} on
 * the class path.
 */
public final class HadoopOptions {

  @Option(names = "--hadoop", paramLabel = "KEY=VALUE", mapFallbackValue = "",
      description = {"A Hadoop setting of the checkpoint's file system; repeatable. For an S3-compatible server:",
          "--hadoop fs.s3a.endpoint=http://127.0.0.1:9000 --hadoop fs.s3a.path.style.access=true",
          "--hadoop fs.s3a.connection.ssl.enabled=false --hadoop fs.s3a.access.key=KEY --hadoop fs.s3a.secret.key=SECRET",
          "(hdfs:// needs none when the URI names the name node)."})
  Map<String, String> settings = new LinkedHashMap<>();

  /** A new Hadoop configuration (defaults and class-path resources) with the given settings. */
  public Configuration configuration() {
    Configuration conf = new Configuration();
    settings.forEach(conf::set);
    return conf;
  }
}
