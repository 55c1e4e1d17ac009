// A tiny storefront API: GET /healthz for the health check, GET / with the environment.
import { createServer } from 'node:http';

const port = Number(process.env['PORT'] ?? 3000);
createServer((request, response) => {
  if (request.url === '/healthz') {
    response.end('ok');
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(JSON.stringify({ app: 'storefront', env: process.env['NODE_ENV'] ?? 'development' }));
}).listen(port, '0.0.0.0');
