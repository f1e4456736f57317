require("node:http").createServer((_, res) => res.end("hello from an app on the patched base\n")).listen(8080);
