import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { CreateTokenDto } from './dto/create-token.dto';
import { TokensService } from './tokens.service';

@ApiTags('tokens')
@ApiBearerAuth()
@Controller('api/tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Get()
  @ApiOkResponse({ description: 'Every API token (admins): name, role, council, created, expires, last used, revoked, status; never the secret' })
  list(@CurrentPrincipal() principal: Principal) {
    return this.tokens.list(principal);
  }

  @Post()
  @ApiCreatedResponse({ description: 'A new token (admins); `token` is the secret, shown this once' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateTokenDto) {
    return this.tokens.create(principal, body);
  }

  @Delete(':id')
  @ApiOkResponse({ description: 'Revokes the token at once (admins): every request with it is refused from now on' })
  revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return this.tokens.revoke(principal, id);
  }
}
