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
 * Keeps the event publication registry's bookkeeping off the check-in's costs (ADR 0032).
 * Modulith marks each publication outside the publishing transaction, before the listener
 * runs (processing) and after it (completed, or failed):
 * <ul>
 * <li>the marks commit without waiting for the disk: a synchronous commit there would
 * flush the WAL after every batch of check-ins, which themselves commit asynchronously
 * (ADR 0009). Losing a mark in a database crash is harmless: the WAL is replayed as a
 * prefix, so a mark is lost only with everything written after it, and a publication not
 * marked completed is delivered again after the restart, which listeners tolerate;</li>
 * <li>the processing mark is not written at all: it serves Modulith's staleness monitor,
 * which kfleet does not use (a replica republishes every incomplete publication when it
 * starts), and cost a transaction per event and listener.</li>
 * </ul>
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
		String method = invocation.getMethod().getName();
		if (method.equals("markProcessing")) {
			return null;
		}
		if (!method.startsWith("mark")) {
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
