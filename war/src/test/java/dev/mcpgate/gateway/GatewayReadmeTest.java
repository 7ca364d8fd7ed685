package dev.mcpgate.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mcpgate.config.ReferenceTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the README's table of the gateway WAR's settings and {@link GatewaySetting} in step. */
class GatewayReadmeTest {

    @Test
    void readmeListsEveryGatewaySettingWithItsDefaultAndNoOther() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertEquals(List.of(), ReferenceTable.problems(readme, "gateway-settings", List.of(GatewaySetting.values())));
    }
}
