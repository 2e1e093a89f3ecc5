package dev.chorus.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The Chorus process. Its roles (gateway, workflow worker, bridge) are switched by {@code
 * chorus.roles.*}: the local stack runs all three in one process, production scales each alone.
 */
@SpringBootApplication
@EnableConfigurationProperties(ChorusProperties.class)
public class ChorusApplication {

  public static void main(String[] args) {
    SpringApplication.run(ChorusApplication.class, args);
  }
}
