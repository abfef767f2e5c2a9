import { Logger } from '@nestjs/common';

// Nest's own logger writes to the console; tests keep it quiet unless TEST_LOGS=1.
if (!process.env.TEST_LOGS) Logger.overrideLogger(false);
