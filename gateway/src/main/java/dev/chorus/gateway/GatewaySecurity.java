package dev.chorus.gateway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call what. With {@code chorus.gateway.security.enabled} every {@code /api/v1} request
 * needs an API key ({@code X-API-Key}) or, when a JWT decoder is configured, a bearer JWT whose
 * roles claim names a {@link Role}; {@link GatewayEndpoints} says which role each endpoint needs.
 * Health, the OpenAPI document and Swagger UI stay open. Rate limits apply either way.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class GatewaySecurity {

  @Bean
  SecurityFilterChain gatewayFilterChain(
      HttpSecurity http, GatewaySettings settings, ApiKeys keys, ObjectProvider<JwtDecoder> jwt) {
    ProblemEntryPoint problems = new ProblemEntryPoint();
    http.csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .addFilterBefore(new RateLimitFilter(settings), AuthorizationFilter.class);
    if (!settings.securityEnabled()) {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
    }
    http.addFilterBefore(
        new ApiKeyAuthenticationFilter(keys, problems), AnonymousAuthenticationFilter.class);
    if (jwt.getIfAvailable() != null) {
      http.oauth2ResourceServer(
          o ->
              o.authenticationEntryPoint(problems)
                  .accessDeniedHandler(problems)
                  .jwt(j -> j.jwtAuthenticationConverter(rolesFrom(settings.rolesClaim()))));
    }
    return http.authorizeHttpRequests(
            a -> {
              for (GatewayEndpoints.Rule rule : GatewayEndpoints.RULES) {
                a.requestMatchers(rule.matcher()).hasRole(rule.role().label());
              }
              a.anyRequest().permitAll();
            })
        .build();
  }

  @Bean
  static RoleHierarchy roleHierarchy() {
    return RoleHierarchyImpl.withDefaultRolePrefix()
        .role(Role.ADMIN.label())
        .implies(Role.OPERATOR.label())
        .role(Role.OPERATOR.label())
        .implies(Role.VIEWER.label())
        .build();
  }

  /** Ahead of everything, so an oversized body is refused before anyone reads it. */
  @Bean
  FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimit(GatewaySettings settings) {
    FilterRegistrationBean<BodySizeLimitFilter> registration =
        new FilterRegistrationBean<>(new BodySizeLimitFilter(settings.maxBodyBytes()));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    return registration;
  }

  private static JwtAuthenticationConverter rolesFrom(String claim) {
    JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
    authorities.setAuthoritiesClaimName(claim);
    authorities.setAuthorityPrefix("ROLE_");
    JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
    converter.setJwtGrantedAuthoritiesConverter(authorities);
    return converter;
  }
}
