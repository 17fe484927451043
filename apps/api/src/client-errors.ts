import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';

/** What Node's HTTP parser refuses before any route runs, and the status each gets. */
const STATUS_OF: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_URI_TOO_LONG: 414,
};

/**
 * Requests Node's parser refuses (headers or URL too long, malformed HTTP) never reach Express: Node would
 * answer a bare status line. This answers them in the API's one error shape instead, and closes the socket.
 */
export function answerClientErrorsInShape(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable || (error.code === 'ECONNRESET')) {
      socket.destroy();
      return;
    }
    const status = STATUS_OF[error.code ?? ''] ?? 400;
    const requestId = randomUUID();
    const body = JSON.stringify({
      statusCode: status,
      error: STATUS_CODES[status] ?? 'Error',
      code: status === 431 ? 'HEADERS_TOO_LARGE' : status === 414 ? 'URI_TOO_LONG' : 'BAD_REQUEST',
      message: status === 400 ? 'The request is not valid HTTP' : 'The request line or headers are too large',
      requestId,
    });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
