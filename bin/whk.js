#!/usr/bin/env node
import("../dist/main.js").then((whk) => whk.run());
