package dev.chorus.gateway;

import com.github.benmanes.caffeine.cache.Ticker;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Who may call what. With {@code chorus.gateway.security.enabled} every {@code /api/v1} request
 * needs an API key ({@code X-API-Key}) or, when a JWT decoder is configured, a bearer JWT whose
 * roles claim names a {@link Role}; {@link GatewayEndpoints} says which role each endpoint needs.
 * Health, the OpenAPI document and Swagger UI stay open; the metrics need the viewer role. Rate
 * limits, the limit on refused credentials per client address and the refusal of cross-site
 * requests apply either way.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class GatewaySecurity {

  @Bean
  SecurityFilterChain gatewayFilterChain(
      HttpSecurity http, GatewaySettings settings, ApiKeys keys, ObjectProvider<JwtDecoder> jwt) {
    FailedAuthentications failures =
        new FailedAuthentications(
            new Buckets(settings.failureLimit(), settings.failurePeriod(), Ticker.systemTicker()));
    ProblemEntryPoint problems = new ProblemEntryPoint(failures);
    http.csrf(AbstractHttpConfigurer::disable)
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .addFilterBefore(
            new RateLimitFilter(
                new Buckets(settings.rateLimit(), settings.ratePeriod(), Ticker.systemTicker())),
            AuthorizationFilter.class);
    if (!settings.securityEnabled()) {
      return http.authorizeHttpRequests(a -> a.anyRequest().permitAll()).build();
    }
    http.addFilterBefore(failures, BearerTokenAuthenticationFilter.class)
        .addFilterBefore(
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
              // The async dispatch that finishes a live stream was authorised as the request that
              // opened it; API keys are not looked at again on it.
              a.dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll();
              for (GatewayEndpoints.Rule rule : GatewayEndpoints.RULES) {
                a.requestMatchers(rule.matcher()).hasRole(rule.role().label());
              }
              a.requestMatchers(
                      PathPatternRequestMatcher.withDefaults().matcher("/actuator/prometheus"))
                  .hasRole(Role.VIEWER.label());
              a.anyRequest().permitAll();
            })
        .build();
  }

  /**
   * Sub-pipeline run ids hold {@code /}, sent as {@code %2F} within one path segment (so that the
   * role rules, which match segments, still see one run id); every other rule of the firewall
   * stays.
   */
  @Bean
  WebSecurityCustomizer encodedSlashesInRunIds() {
    StrictHttpFirewall firewall = new StrictHttpFirewall();
    firewall.setAllowUrlEncodedSlash(true);
    return web -> web.httpFirewall(firewall);
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

  /**
   * Refuses cross-site requests right after the size check, before credentials are looked at: a
   * browser carries the local stack's open API, or a logged-in operator's, to any page otherwise.
   */
  @Bean
  FilterRegistrationBean<CrossSiteFilter> crossSite() {
    FilterRegistrationBean<CrossSiteFilter> registration =
        new FilterRegistrationBean<>(new CrossSiteFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    return registration;
  }

  /** Boot adds every such bean to the validators of the JWT decoder it builds. */
  @Bean
  OAuth2TokenValidator<Jwt> chorusJwtClaims(GatewaySettings settings) {
    return JwtRules.required(settings.jwt());
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
