package dev.kfleet.platform;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.core.EventPublicationRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lets the event publication registry mark a publication's progress (processing,
 * completed, failed, resubmitted) without waiting for the disk (ADR 0032). Modulith marks
 * it outside the publishing transaction, before and after the listener runs; a
 * synchronous commit there would flush the WAL after every batch of check-ins, which
 * themselves commit asynchronously (ADR 0009). Losing a mark in a database crash is
 * harmless: the WAL is replayed as a prefix, so a mark is lost only with everything
 * written after it, and a publication not marked completed is delivered again after the
 * restart, which listeners tolerate.
 */
@Component
class EventCompletionCommits implements BeanPostProcessor {

	private final ObjectProvider<PlatformTransactionManager> transactions;

	private final ObjectProvider<JdbcTemplate> jdbc;

	EventCompletionCommits(ObjectProvider<PlatformTransactionManager> transactions, ObjectProvider<JdbcTemplate> jdbc) {
		this.transactions = transactions;
		this.jdbc = jdbc;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String name) {
		if (!(bean instanceof EventPublicationRepository)) {
			return bean;
		}
		ProxyFactory proxy = new ProxyFactory(bean);
		proxy.addAdvice((MethodInterceptor) this::invoke);
		return proxy.getProxy(bean.getClass().getClassLoader());
	}

	private @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		if (!invocation.getMethod().getName().startsWith("mark")) {
			return invocation.proceed();
		}
		return new TransactionTemplate(this.transactions.getObject()).execute((status) -> {
			this.jdbc.getObject().queryForObject("SELECT set_config('synchronous_commit', 'off', true)", String.class);
			try {
				return invocation.proceed();
			}
			catch (RuntimeException | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

}
