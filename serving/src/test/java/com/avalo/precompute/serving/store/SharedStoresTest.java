package com.avalo.precompute.serving.store;

import static org.junit.Assert.assertEquals;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * A shared handle must hand every call to the store it shares: a default method it inherits
 * instead runs the interface's generic version (a Firestore store's stamp query became a listing
 * of every key that way).
 */
public class SharedStoresTest {

  @Test
  public void theHandleDelegatesEveryMethodOfTheStore() throws Exception {
    Class<?> handle = Class.forName(SharedStores.class.getName() + "$Handle");
    List<String> inherited = new ArrayList<>();
    for (Method method : CacheStore.class.getMethods()) {
      if (!java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
        try {
          handle.getDeclaredMethod(method.getName(), method.getParameterTypes());
        } catch (NoSuchMethodException e) {
          inherited.add(method.getName());
        }
      }
    }
    assertEquals(List.of(), inherited);
  }
}
