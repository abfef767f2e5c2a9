// Preloaded (node -r) into a measured process: on exit, writes its peak RSS in KiB to the file
// named by PEAK_RSS_FILE, so the benchmark reads an exact figure rather than sampling.
import * as fs from 'node:fs';

const target = process.env.PEAK_RSS_FILE;
if (target) process.on('exit', () => fs.writeFileSync(target, String(process.resourceUsage().maxRSS)));
