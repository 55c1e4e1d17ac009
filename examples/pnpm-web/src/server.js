// A tiny HTTP service: answers GET / with JSON, using one npm dependency to prove installs work.
import { createServer } from 'node:http';
import ms from 'ms';

const port = Number(process.env.PORT ?? 3000);
createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({
      app: 'pnpm-web',
      env: process.env.NODE_ENV ?? 'development',
      uptime: ms(1000 * Math.round(process.uptime())),
    }),
  );
}).listen(port, '0.0.0.0');
