import { Body, Controller, Get, Post, Put, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/auth.decorators';
import { Principal } from '../auth/principal';
import { AssetEditDto, AssetsQueryDto, AssetUploadDto } from './dto/assets.dto';
import { AssetsService } from './assets.service';

@ApiTags('assets')
@ApiBearerAuth()
@Controller('api/assets')
export class AssetsController {
  constructor(private readonly assets: AssetsService) {}

  @Get()
  @ApiOkResponse({ description: "Each council's systems and platforms: product, service, hosting, the contracts that pay for it, end of support" })
  list(@CurrentPrincipal() principal: Principal, @Query() query: AssetsQueryDto) {
    return this.assets.list(principal, query);
  }

  @Post('application-list')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' }, council: { type: 'string' } } } })
  @ApiOkResponse({ description: 'Rows read, stored and rejected, with every issue (row, column, value); stored in one transaction' })
  upload(@CurrentPrincipal() principal: Principal, @UploadedFile() file: Express.Multer.File | undefined, @Body() body: AssetUploadDto) {
    return this.assets.upload(principal, file, body.council);
  }

  @Put()
  @ApiOkResponse({ description: 'The asset with the recorded changes' })
  edit(@CurrentPrincipal() principal: Principal, @Body() body: AssetEditDto) {
    return this.assets.edit(principal, body);
  }
}
