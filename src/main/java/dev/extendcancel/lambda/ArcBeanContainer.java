package dev.extendcancel.lambda;

import java.lang.annotation.Annotation;
import java.util.function.Supplier;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.arc.ManagedContext;
import io.quarkus.arc.runtime.BeanContainer;

/**
 * The bean container Funqy's FunctionInvoker creates function instances with. Funqy's own bindings hand it one at
 * build time; this binding runs in application code, which reaches the container through {@link Arc}.
 */
final class ArcBeanContainer implements BeanContainer {

    @Override
    public <T> T beanInstance(Class<T> type, Annotation... qualifiers) {
        return Arc.container().instance(type, qualifiers).get();
    }

    @Override
    public <T> Factory<T> beanInstanceFactory(Class<T> type, Annotation... qualifiers) {
        return () -> {
            InstanceHandle<T> handle = Arc.container().instance(type, qualifiers);
            return new Instance<>() {
                @Override
                public T get() {
                    return handle.get();
                }

                @Override
                public void close() {
                    handle.close();
                }
            };
        };
    }

    @Override
    public <T> Factory<T> beanInstanceFactory(Supplier<Factory<T>> fallback, Class<T> type, Annotation... qualifiers) {
        return beanInstanceFactory(type, qualifiers);
    }

    @Override
    public ManagedContext requestContext() {
        return Arc.container().requestContext();
    }
}
