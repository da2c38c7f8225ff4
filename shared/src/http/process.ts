/**
 * The tail of every service's main.ts: run, print why it could not start (without a stack
 * trace; configuration errors are for people), and stop cleanly on SIGINT/SIGTERM.
 */
export function runService(start: () => Promise<{ stop(): Promise<void> }>): void {
  start()
    .then((service) => {
      let stopping = false;
      const shutdown = () => {
        if (stopping) return;
        stopping = true;
        service.stop().then(
          () => process.exit(0),
          (error) => {
            console.error(`while stopping: ${error instanceof Error ? error.message : error}`);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
    })
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
