import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ConfigModule } from '@app/config';
import { AnalysisModule } from '@app/analysis';
import { ImportingModule } from '@app/importing';
import { PersistenceModule } from '@app/persistence';
import { NotificationsModule } from '@app/notifications';
import { QueueModule } from '@app/queue';
import { AlertSettingsController, AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';
import { uploadsModule } from './uploads';
import { WebAuthService } from './web/web-auth.service';
import { PageRenderer } from './web/page-renderer';
import { TokensController } from './tokens/tokens.controller';
import { AuditController } from './audit/audit.controller';
import { AuditInterceptor } from './audit/audit.interceptor';
import { AuditPageController } from './web/audit-page.controller';
import { TokensService } from './tokens/tokens.service';
import { ContractPageController } from './web/contract-page.controller';
import { SuppliersPagesController } from './web/suppliers-pages.controller';
import { SignInPagesController } from './web/sign-in-pages.controller';
import { DashboardPageController } from './web/dashboard-page.controller';
import { ImportPagesController } from './web/import-pages.controller';
import { ContractsPagesController } from './web/contracts-pages.controller';
import { OpportunityPagesController } from './web/opportunity-pages.controller';
import { CouncilPagesController } from './web/council-pages.controller';
import { UsersPagesController } from './web/users-pages.controller';
import { AssetsModule } from './assets/assets.module';
import { AuthGuard } from './auth/auth.guard';
import { ThrottlerGuard } from '@nestjs/throttler';
import { rateLimitsModule } from './auth/rate-limits';
import { ContractsController } from './contracts/contracts.controller';
import { ContractsService } from './contracts/contracts.service';
import { CouncilsController } from './councils/councils.controller';
import { AllExceptionsFilter } from './errors/all-exceptions.filter';
import { HealthController } from './health/health.controller';
import { ImportsModule } from './imports/imports.module';
import { loggerModule } from './logging';
import { OpportunitiesController } from './opportunities/opportunities.controller';
import { OpportunitiesService } from './opportunities/opportunities.service';
import { SuppliersController } from './suppliers/suppliers.controller';
import { SuppliersService } from './suppliers/suppliers.service';

@Module({
  imports: [ConfigModule, loggerModule(), rateLimitsModule(), PersistenceModule, AnalysisModule, ImportingModule, NotificationsModule, QueueModule, ImportsModule, AssetsModule, uploadsModule()],
  controllers: [HealthController, TokensController, AuditController, ContractsController, CouncilsController, SuppliersController, OpportunitiesController, AlertsController, AlertSettingsController, SignInPagesController, DashboardPageController, ImportPagesController, ContractsPagesController, ContractPageController, OpportunityPagesController, SuppliersPagesController, CouncilPagesController, UsersPagesController, AuditPageController],
  providers: [
    ContractsService,
    SuppliersService,
    OpportunitiesService,
    AlertsService,
    WebAuthService,
    TokensService,
    PageRenderer,
    // Rate limits before the token check: a flood of guessed tokens is refused with 429, not answered 401 after 401.
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
  ],
})
export class AppModule {}
