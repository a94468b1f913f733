package com.avalo.precompute.cli;

import com.avalo.precompute.io.EmulatorFirestore;
import com.avalo.precompute.serving.store.FirestoreStoreSpec;
import com.avalo.precompute.serving.store.StoreSpec;
import java.util.List;
import org.junit.Rule;

/**
 * {@link ScheduledLaunchesContract} on the Firestore emulator: a project of its own per test.
 * Runs when FIRESTORE_EMULATOR_HOST is set ({@code scripts/test.sh}).
 */
public class FirestoreScheduledLaunchesIT extends ScheduledLaunchesContract {
  @Rule public final EmulatorFirestore firestore = new EmulatorFirestore("launches");

  @Override
  protected List<String> storeArgs() {
    return List.of("--store=firestore", "--firestore-project=" + firestore.projectId(),
        "--emulator-host=" + firestore.host(), "--stateLocation=" + dir.getRoot().toPath().resolve("state"));
  }

  @Override
  protected StoreSpec store() {
    return StoreSpec.firestore(firestore.projectId(), firestore.host());
  }

  @Override
  protected long countDocuments() throws Exception {
    return firestore.client().collection(FirestoreStoreSpec.DEFAULT_COLLECTION).count().get().get().getCount();
  }
}
