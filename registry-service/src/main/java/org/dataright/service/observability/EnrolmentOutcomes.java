package org.dataright.service.observability;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts enrolments by what {@code POST /api/enrollment} answered: {@code 201} is {@code enrolled}, anything
 * else {@code refused}. The outermost filter, so a request refused by another filter is counted too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class EnrolmentOutcomes extends OncePerRequestFilter {
    /** Absent in web slice tests, which have no metrics: then nothing is counted. */
    private final ObjectProvider<DomainMetrics> metrics;

    EnrolmentOutcomes(ObjectProvider<DomainMetrics> metrics) {
        this.metrics = metrics;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && "/api/enrollment".equals(request.getRequestURI()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean enrolled = false;
        try {
            chain.doFilter(request, response);
            enrolled = response.getStatus() == HttpStatus.CREATED.value();
        } finally {
            String outcome = enrolled ? "enrolled" : "refused";
            metrics.ifAvailable(m -> m.enrolment(outcome));
        }
    }
}
