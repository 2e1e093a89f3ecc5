package dev.chorus.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TemporalSchemaTest {

  @Test
  void eachDatabaseIsCreatedVersionedAndUpdatedFromTheSchemasBuiltIntoTheTool() {
    TemporalSchema schema =
        new TemporalSchema(Path.of("/tools/sql"), 5432, "chorus", "s3cret", Path.of("schema.log"));
    assertThat(schema.steps())
        .containsExactly(
            List.of("/tools/sql", "--db", "temporal", "create-database"),
            List.of("/tools/sql", "--db", "temporal", "setup-schema", "-v", "0.0"),
            List.of(
                "/tools/sql",
                "--db",
                "temporal",
                "update-schema",
                "--schema-name",
                "postgresql/v12/temporal"),
            List.of("/tools/sql", "--db", "temporal_visibility", "create-database"),
            List.of("/tools/sql", "--db", "temporal_visibility", "setup-schema", "-v", "0.0"),
            List.of(
                "/tools/sql",
                "--db",
                "temporal_visibility",
                "update-schema",
                "--schema-name",
                "postgresql/v12/visibility"));
  }
}
