import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { APP_CONFIG, AppConfig } from '@app/config';

/** Uploads held in memory, bounded by UPLOAD_LIMIT_MB (larger ones get 413), one file a request. */
export function uploadsModule() {
  return MulterModule.registerAsync({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => ({
      storage: memoryStorage(),
      limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 10 },
    }),
  });
}
