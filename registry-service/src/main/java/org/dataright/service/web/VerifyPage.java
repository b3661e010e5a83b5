package org.dataright.service.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@code GET /verify} (and {@code /verify?cert=<id>}, which the QR code of a PDF certificate opens): the
 * verification page, static HTML and vanilla JavaScript ({@code static/verify.html}, {@code verify.js}).
 */
@Configuration(proxyBeanMethods = false)
class VerifyPage implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/verify").setViewName("forward:/verify.html");
    }
}
