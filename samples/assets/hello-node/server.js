require("node:http").createServer((_, res) => res.end("hello from acr-tasks\n")).listen(8080);
