import("../dist/main-x.js").then((whk) => whk.run());
