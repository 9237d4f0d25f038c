package io.aurum.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.engine.EngineListener;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A method added to {@link EngineListener} must be forwarded to both listeners, not dropped. */
class BothListenersTest {
  @Test
  void every_listener_method_is_forwarded() throws Exception {
    for (Method m : EngineListener.class.getDeclaredMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || m.isSynthetic()) {
        continue;
      }
      Method own = BothListeners.class.getMethod(m.getName(), m.getParameterTypes());
      assertThat(own.getDeclaringClass())
          .as("BothListeners forwards " + m.getName() + Arrays.toString(m.getParameterTypes()))
          .isEqualTo(BothListeners.class);
    }
  }
}
