package com.avalo.precompute.serving;

import com.avalo.precompute.schemas.CacheDocument;
import com.avalo.precompute.schemas.CacheKey;

/**
 * Which stored documents this build can read. A document of another {@code schemaVersion} than
 * its type's here was written by a build with another payload schema, as happens while a rollout
 * is under way; binding it would fill renamed or retyped fields with defaults and serve them as
 * valid. So it is a cache miss, as {@code schemas/README.md} (Versioning) tells every reader, until
 * a run of this build writes the key again.
 */
final class PayloadVersions {
  private PayloadVersions() {}

  static boolean readable(CacheKey key, CacheDocument document) {
    return document.schemaVersion() == key.type().schemaVersion();
  }
}
