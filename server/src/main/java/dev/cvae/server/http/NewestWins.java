package dev.cvae.server.http;

import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Work on a stream of requests where only the newest matters (the points of a drag): one request is worked on at a
 * time, and of those that arrive meanwhile only the newest is kept; the others are dropped unworked. The next one
 * starts when the current one's answer has been taken downstream, so a slow reader coalesces requests too. Stateless.
 */
final class NewestWins {
    private NewestWins() {
    }

    static <T, R> Flux<R> apply(Flux<T> requests, Function<? super T, Mono<R>> work) {
        // no prefetch: the next request is asked for only once the current one is done, so none waits in concatMap
        return requests.onBackpressureLatest().concatMap(work, 0);
    }
}
