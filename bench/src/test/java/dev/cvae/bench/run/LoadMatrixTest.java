package dev.cvae.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoadMatrixTest {

    @Test
    void theServersOfConsecutivePointsRunInOppositeOrders() {
        List<ServerKind> listed = List.of(ServerKind.DEFAULT, ServerKind.MAX_BATCH_1, ServerKind.ECHO);
        assertEquals(listed, LoadMatrix.order(listed, 0));
        assertEquals(List.of(ServerKind.ECHO, ServerKind.MAX_BATCH_1, ServerKind.DEFAULT), LoadMatrix.order(listed, 1));
        assertEquals(listed, LoadMatrix.order(listed, 2));
        assertEquals(listed, List.of(ServerKind.DEFAULT, ServerKind.MAX_BATCH_1, ServerKind.ECHO), "the row's list is left alone");
    }
}
