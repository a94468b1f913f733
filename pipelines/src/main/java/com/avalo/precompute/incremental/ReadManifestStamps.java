package com.avalo.precompute.incremental;

import com.avalo.precompute.io.RecordCoder;
import com.avalo.precompute.schemas.Json;
import com.avalo.precompute.serving.store.DocumentStamp;
import java.util.List;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.Compression;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Reads the stamps of a manifest's shards (checked beforehand by {@link ManifestCheck}). */
final class ReadManifestStamps extends PTransform<PBegin, PCollection<DocumentStamp>> {
  private final List<String> shardPaths;

  ReadManifestStamps(List<String> shardPaths) {
    this.shardPaths = shardPaths;
  }

  @Override
  public PCollection<DocumentStamp> expand(PBegin begin) {
    return begin.apply("ShardPaths", Create.of(shardPaths).withCoder(StringUtf8Coder.of()))
        .apply("MatchShards", FileIO.matchAll())
        .apply("OpenShards", FileIO.readMatches().withCompression(Compression.GZIP))
        .apply("ReadLines", TextIO.readFiles())
        .apply("ParseStamps", MapElements.into(TypeDescriptor.of(DocumentStamp.class))
            .via((String line) -> Json.MAPPER.convertValue(Json.read(line), DocumentStamp.class)))
        .setCoder(RecordCoder.of(DocumentStamp.class));
  }
}
