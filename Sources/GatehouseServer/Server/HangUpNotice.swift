import Logging
import ServiceLifecycle
import UnixSignals

/// SIGHUP is ignored, and said so in the log. The configuration is read once at start-up, so there is nothing to
/// reload; without this a terminal hang-up or a `kill -HUP` meant as "reload" would end the server with status 129
/// and not a word (docs/observability.md, "Signals").
struct HangUpNotice: Service {
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            for await _ in signals {
                logger.notice(
                    "SIGHUP ignored: the configuration is read only at start; restart the server to apply a change")
            }
        }
    }
}
