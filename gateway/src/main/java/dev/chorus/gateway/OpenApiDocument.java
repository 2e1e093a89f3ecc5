package dev.chorus.gateway;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document springdoc builds from the controllers ({@code /v3/api-docs}, Swagger UI at
 * {@code /swagger-ui.html}), with both ways to authenticate and the problem responses every
 * operation may give, so clients and contract tests know each status code an endpoint can answer.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiDocument {

  static final String PROBLEM = "Problem";

  /** Status codes any operation may answer with a problem detail, and why. */
  private static final Map<String, String> PROBLEMS =
      Map.ofEntries(
          Map.entry("400", "the request names a field or parameter that is wrong, and why"),
          Map.entry("401", "no credentials, or an unknown or revoked API key, or an invalid JWT"),
          Map.entry(
              "403",
              "the caller's role does not allow this, or a state-changing request came from another web origin"),
          Map.entry("404", "no such pipeline, run, dead letter, key or route"),
          Map.entry("405", "the path does not accept this method"),
          Map.entry("406", "the response cannot be given in an accepted media type"),
          Map.entry(
              "409",
              "the request conflicts with what exists: a changed version, a taken key name, a run that has ended"),
          Map.entry("413", "the request body is larger than chorus.gateway.max-body-size"),
          Map.entry("415", "the body's media type is not accepted here: bodies are JSON or YAML"),
          Map.entry(
              "429",
              "the caller's rate limit, or its address's allowance of refused credentials, is used up; Retry-After says when to try again"),
          Map.entry(
              "503",
              "Temporal or Redis cannot be reached right now, or every validation slot is taken (with Retry-After)"));

  @Bean
  OpenAPI chorusOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("Chorus gateway")
                .version("v1")
                .description(
                    "Pipelines, runs, agents, dead letters and API keys. Send an API key as X-API-Key or a JWT as a bearer token."))
        .components(
            new Components()
                .addSecuritySchemes(
                    "apiKey",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name(ApiKeyAuthenticationFilter.HEADER))
                .addSecuritySchemes(
                    "bearer",
                    new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP)
                        .scheme("bearer")
                        .bearerFormat("JWT")))
        .addSecurityItem(new SecurityRequirement().addList("apiKey"))
        .addSecurityItem(new SecurityRequirement().addList("bearer"));
  }

  @Bean
  OpenApiCustomizer problemResponses() {
    return openApi -> {
      openApi.getComponents().addSchemas(PROBLEM, problemSchema());
      openApi
          .getPaths()
          .values()
          .forEach(
              path ->
                  path.readOperations()
                      .forEach(
                          operation ->
                              PROBLEMS.forEach(
                                  (status, why) -> {
                                    if (!operation.getResponses().containsKey(status)) {
                                      operation
                                          .getResponses()
                                          .addApiResponse(
                                              status,
                                              new ApiResponse()
                                                  .description(why)
                                                  .content(
                                                      new Content()
                                                          .addMediaType(
                                                              org.springframework.http.MediaType
                                                                  .APPLICATION_PROBLEM_JSON_VALUE,
                                                              new MediaType()
                                                                  .schema(
                                                                      new Schema<>()
                                                                          .$ref(
                                                                              "#/components/schemas/"
                                                                                  + PROBLEM)))));
                                    }
                                  })));
    };
  }

  @SuppressWarnings("rawtypes")
  private static Schema problemSchema() {
    return new ObjectSchema()
        .addProperty("type", new StringSchema())
        .addProperty("title", new StringSchema())
        .addProperty("status", new IntegerSchema())
        .addProperty("detail", new StringSchema())
        .addProperty("instance", new StringSchema())
        .addProperty(
            "errors",
            new io.swagger.v3.oas.models.media.ArraySchema()
                .items(
                    new ObjectSchema()
                        .addProperty("field", new StringSchema())
                        .addProperty("path", new StringSchema())
                        .addProperty("problem", new StringSchema())));
  }
}
