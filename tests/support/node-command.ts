import { spawn } from 'node:child_process';

export interface CommandResult {
  /** exit status; null when the process was killed (e.g. by the timeout) */
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a Node script (with its arguments, Node's own options first) as its own process, as a
 * partner or an admin runs the project's commands, and collects its output. Asynchronous on
 * purpose: the registry or gateway the command talks to often runs inside the test's process,
 * whose event loop must keep turning (spawnSync would wait on itself until the request timed out).
 */
export function runNode(args: readonly string[], env: NodeJS.ProcessEnv | Record<string, string | undefined>, timeoutMs = 60_000): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], { env: env as NodeJS.ProcessEnv, timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
