import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AlertsRepository, ContractReadModel, ContractsRepository, CouncilsRepository, OpportunitiesRepository } from '@app/persistence';
import { AlertRun } from './alert-run';
import { HttpWebhookSender, SmtpEmailSender } from './senders';

export const EMAIL_SENDER = Symbol('EMAIL_SENDER');

@Global()
@Module({
  providers: [
    { provide: EMAIL_SENDER, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new SmtpEmailSender(config.smtpUrl, config.alertsFrom) },
    {
      provide: AlertRun,
      inject: [AlertsRepository, ContractsRepository, ContractReadModel, CouncilsRepository, OpportunitiesRepository, EMAIL_SENDER, APP_CONFIG],
      useFactory: (a: AlertsRepository, c: ContractsRepository, r: ContractReadModel, k: CouncilsRepository, o: OpportunitiesRepository, email: SmtpEmailSender, config: AppConfig) =>
        new AlertRun(a, c, r, k, o, email, new HttpWebhookSender(), { publicUrl: config.publicUrl, maxAttempts: config.alertMaxAttempts, claimLeaseMs: config.alertClaimLeaseMs }),
    },
  ],
  exports: [AlertRun, EMAIL_SENDER],
})
export class NotificationsModule implements OnApplicationShutdown {
  constructor(@Inject(EMAIL_SENDER) private readonly email: SmtpEmailSender) {}

  onApplicationShutdown(): void {
    this.email.close();
  }
}
