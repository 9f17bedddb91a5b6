// Loaded with `node --import` into a benchmarked process: prints its peak RSS on exit.
process.on('exit', () => {
  process.stderr.write(`WHK_BENCH_MAX_RSS=${process.resourceUsage().maxRSS * 1024}\n`);
});
