package dev.chorus.gateway;

import org.apache.catalina.core.StandardHost;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the gateway needs of Tomcat beyond its {@code server.tomcat.*} settings. */
@Configuration(proxyBeanMethods = false)
class ServletContainerConfiguration {

  /**
   * A sub-pipeline's run id holds {@code /}; clients send it as {@code %2F}, which Tomcat refuses
   * by default. Decoded, it only reaches the servlet path; the request URI, from which Spring
   * resolves the route and the role rules match, keeps it, so the id stays one path segment.
   */
  @Bean
  TomcatConnectorCustomizer decodedSlashesInRunIds() {
    return connector ->
        connector.setEncodedSolidusHandling(EncodedSolidusHandling.DECODE.getValue());
  }

  /** Requests Tomcat refuses itself answer as problem details, as every other error does. */
  @Bean
  TomcatContextCustomizer problemErrorReports() {
    return context -> {
      if (context.getParent() instanceof StandardHost host) {
        host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
      }
    };
  }
}
