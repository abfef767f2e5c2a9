import { parseExtensions } from './extensions';

/*
 * Extension wording as councils and other buyers publish it in prose, read with no term known
 * from a register (the prose may state its own). Every sentence is real, copied as published from
 * the files in /work/shared/data/public/ (origins in SOURCES.md there), pulled with a throwaway
 * script that kept sentences mentioning "extend", "extension" or "N+N":
 *   blackpool_, chorley_ and wyre_council_contracts_finder_notices.json: `description`;
 *   contracts_finder_open_notices_export_2025-11.csv: `Description`, `Additional Text`;
 *   contracts_finder_council_waste_energy_contracts_2022.csv: `tender_description`.
 * Columns: notice id, sentence, option months in order, upTo ("up to N": one option of up to N,
 * taken in whole years), rolling, initial term in months the prose states, confidence.
 */
const NOTICES: [string, string, number[], boolean, boolean, number | null, 'high' | 'low' | 'none'][] = [
  // blackpool_council_contracts_finder_notices.json
  ['40906df3-5861-4ec5-9f78-8fbd163139bf', 'It is anticipated that the contract term will be from 1st October 2022 to 30th September 2023, with the option to extend incrementally for a period of 2 years (subject to contract review and bu', [24], true, false, null, 'high'],
  ['d6838d40-fba8-43d7-b360-954d578989b5', 'The Call-Off Contract is anticipated to cover the period from 1st July 2021 to 30th June 2024 with the option to extend for a further 2 years.', [24], false, false, null, 'high'],
  ['07114119-0a6d-435b-9f62-b5297b7e3b99', 'The Contract will run for two full years, from 30th October 2017 to 29th October 2019 with an option to extend incrementally for up to 24 months.', [24], true, false, 24, 'high'],
  ['e3a4aee7-97a7-4012-8654-c18161584c0f', 'Provision of Blackpool Council\'s Public Health Directorate Marketing and Campaign Support (3 Lots) The contract term is 9th October 2017 to 8th October 2018 with the option to extend by a further 1 year, plus 1 year, plus 1 year.', [12, 12, 12], false, false, null, 'high'],
  // chorley_council_contracts_finder_notices.json
  ['13826f0b-c518-4e16-8617-98977487b383', 'The Agreement is intended to commence on 1st July for an initial period of 2 years and 9 months until 31st March 2023 and may be extended annually at the Council\'s discretion for a further period of 12 months on each occasio', [], false, true, 33, 'high'],
  ['a43a95d3-013c-4b69-b9ee-f703bd2e5e97', 'The contract will be for an initial period of 1 year with the option to extend on an annual basis at the discretion of the Council up to a maximum total contract period of 3 years.', [12, 12], false, false, 12, 'high'],
  ['3f324bc8-52a6-409c-bb7d-820fd9d04c12', 'The Contract will be let for a period of ten (10) years intended to commence 01 October 2020 with the option to extend for a period of up to a further five (5) years.', [60], true, false, 120, 'high'],
  ['ca40a525-8e67-41c0-94ef-116cb5413379', 'The contract is for 1 year with the option to extend for a further year..', [12], false, false, 12, 'high'],
  ['764af53c-6347-402f-9df2-a784f7fe80f1', 'The Contract will run for an initial period of 12 months with the option to extend annually to a maximum period of three years subject to funding arrangements.', [12, 12], false, false, 12, 'high'],
  ['b8a386d1-261c-45fc-aa92-72272bdb3196', 'The awarded contract is for an initial period of 12 months with an option to extend for a further period or periods up to a total of 6 months taking the Contract term to a maximum of 18 months.', [6], true, false, 12, 'high'],
  ['84aa0bc0-5708-445e-a06f-6f75a86204c4', 'The contract is for an initial period of 12 months with the option to extend on an annual basis up to a further two years subject to annual review.', [12, 12], false, false, 12, 'high'],
  ['35bed0f7-b00a-4c38-a094-c1f0718d4100', 'Chorley Borough Council has awarded contracts for the provision of Insurance following a further competition exercise conducted under Lot 1 of Framework RM3731 for an initial contract period of 3 years with the option to extend for an additional 2 years .', [24], false, false, 36, 'high'],
  ['1638c403-9b84-4216-b0ea-947abcc2c373', 'Tender for the delivery of a Minor Adaptations Service in the borough of Chorley for the period 1st April 2016 to 31st March 2018 (with option to extend for a further two years) Chorley Council is inviting suitably experienced and qualified organisations to bid for the delivery of a Minor Adaptations Service in the borough of Chorley, which will include fitting of minor adaptations to service users’ homes and external grounds to improve access and promote safety.', [24], false, false, null, 'high'],
  ['d7e4405d-14d3-4dc1-b29c-f15955e44390', 'Tenders are invited for an initial contract period of two years with the option to extend for a further two years.', [24], false, false, 24, 'high'],
  ['0784a295-2ad7-449c-a2f2-23b922480aef', 'Chorley Council & South Ribble Council Shared Learning Management System Learning Pool Ltd Contract. 5 year contract, 3 years fixed contract, with the option to extend for years 4 & 5 with a commercial break at the end of year 3.', [], false, false, null, 'low'],
  // wyre_council_contracts_finder_notices.json
  ['38367716-695b-40ac-8f05-20b9fa8bbe84', 'Contract term is for three years with an optional one year extension.', [12], false, false, 36, 'high'],
  ['98699d06-ff6c-4e9d-a73c-45a109b7cd20', 'The contract will be 3 years with a further option to extend for 2 years individually.', [12, 12], false, false, 36, 'high'],
  ['c83cfb1f-c407-4cfd-963c-33ec5211ccea', 'The council undertook a mini competition through the CPRAS Financial Services Framework for banking services on a two year agreement with the optional extension of one year.', [12], false, false, 24, 'high'],
  // contracts_finder_open_notices_export_2025-11.csv
  ['RM6126', 'The duration of this DPS was 48 months with the option to extend for a further 2 periods of 12 months.', [12, 12], false, false, 48, 'high'],
  ['RA354459', 'Service: LondonEnergy invite suppliers to bid for the collection, treatment and recycling of Food Waste for a contract period of 2 years with the option to extend for a further 2 x one-year extensions (2+1+1) Contract commencement date: 1st April 2026 The tender shall be for THREE LOTS for the recycling of c.13,000 pa Food Waste.', [12, 12], false, false, 24, 'high'],
  ['SLH001-DN794758-15459275', 'The initial contract for this service will be three years with the option to extend 1+1.', [12, 12], false, false, 36, 'high'],
  ['HCA001-DN784832-10076052', 'This contract is envisaged to have duration of 24 months, plus 12 months extension on written instruction, subject to satisfactory performance.', [12], false, false, 24, 'high'],
  ['RM6242.', 'The Initial term of this DPS was 48 months with optional extension periods of 12 months + 12 months (a maximum of 72 months).', [12, 12], false, false, 48, 'high'],
  ['TD1941', 'The DPS will operate for an initial period of two years, with two further potential annual extensions of 12 months available (latest end date is 31st October 2027), subject to the terms of the DPS Agreement, which includes \'Termination on Notice\' clause in favour of the Council.', [12, 12], false, false, 24, 'high'],
  ['IT-33-4690-CBC-1834-T-TS', 'Contract term 4 years + possible 3 year extension.', [36], false, false, 48, 'high'],
  ['camden001-DN711953-91290972', 'The DPS is in place for a minimum period of three years, with the option to extend for an additional two years in twelve monthly increments for an estimated annual value of £130,000 (maximum value of £650,000 including extensions).', [12, 12], false, false, 36, 'high'],
  ['TD2280', 'There will be an option to extend the contract for three years in annual increments, subject to satisfactory performance and business needs.', [12, 12, 12], false, false, null, 'high'],
  ['CF-3218500D0O000000rwimUAA', 'This contract is a 3 year contract with the opportunity for a 1 year extension.', [12], false, false, 36, 'high'],
  ['15decc20-d3b6-4a88-b9ee-53d6dad11566', 'The term of the contract shall be January 2026 until 4th January 2031 followed by a 3-year extension option and a further 2-year extension option (to a maximum of 10 years); at the sole discretion of the Council.', [36, 24], false, false, null, 'high'],
  ['IT-33-4732-CBC-1849-T-SK', 'The contract term for both contracts is 15 years, with the option to extend by 12 months for administrative purposes.', [12], false, false, 180, 'high'],
  ['RM6102 Extension', 'CCS set up a Dynamic Purchasing System (DPS) for a period of 48 months with the extension option of 24 months.', [24], false, false, 48, 'high'],
  ['tender_304184/1446495', 'The initial contract value is £183m over 5.5 years with options to extend by up to £317m and up to 3 additional years.', [36], true, false, 66, 'high'],
  ['YPO001-DN542418-12684392', 'The DPS will cover the period from 5th July 2021 to 4th July 2024 with 2 options to extend for another 3 years.', [36, 36], false, false, null, 'high'],
  ['CF-0537800D8d000003VQwdEAG', 'Partnering with Defra Group to as their prime threat intelligence partner, conduct forensic investigations of cyber attacks and respond to incidents for an initial 3-years with two 1 year options to extend.', [12, 12], false, false, 36, 'high'],
  ['LINCOLN001-DN595556-35888993', 'The initial DPS period is for 8 years (96 months) and can be extended perpetually by period(s) of up to 8 years (96 months).', [], false, false, 96, 'low'],
  ['RM6225.', 'The initial duration of this contract was 36 months with the option to extend for a further 12 months.', [12], false, false, 36, 'high'],
  ['tender_488459/1467094', 'The contract extension will be for a period of 2 years 3 months, with an Option to extend by 6 months, and have an estimated value of £25m.', [6], false, false, null, 'high'],
  ['20250220161103-104102', 'The contract is anticipated to commence 25 March 2025 ending by 23 March 2033 with an option to extend for a period of 2 x 12 months.', [12, 12], false, false, null, 'high'],
  ['20250210133942-104102', 'The framework is anticipated to commence 1st April 2025 ending by 31st March 2028 with an option to extend for a period of up to 24 months .', [24], true, false, null, 'high'],
  ['RM6264', 'This is to advise that the optional extension has been utilised and the end date is now 23/02/2029.', [], false, false, null, 'low'],
  ['20240812170716-103298', 'It is intended that this APL Dynamic Purchasing System (DPS) open framework will be in place for two (2) years commencing 01/04/2025 and ending 31/03/2027 with the option to extend for up to two further twelve month periods, therefore if both extension periods are taken, the framework will end 31/03/2029.', [12, 12], false, false, 24, 'high'],
  ['20241025173659-103298', 'The Framework includes options to extend up to three further twenty-four month periods at the sole discretion of East Riding of Yorkshire Council with an estimated total contract value of £700m.', [24, 24, 24], false, false, null, 'high'],
  ['YPO001-DN417481-11984297', 'The DPS will cover the initial period from 1st December 2019 to 30th November 2024 with two options to extend for an additional 12 months.', [12, 12], false, false, null, 'high'],
  ['792d3d68-dd65-4429-8eac-56eb9f45e80f', 'The EDAPL will be in place for four years, with an option to extend for up to two years.', [24], true, false, 48, 'high'],
  ['IT-380-3640-BBC AD 03640', 'The Contract will be for three (3) years, with an option to extend for a further 12 months.', [12], false, false, 36, 'high'],
  ['tender_270590/971474', 'The MWDPS will initially be in operation for Four (4) years with an option to extend for a further two (2), two (2) year terms, at the sole discretion of the Authority, making a total of eight (8) years.', [24, 24], false, false, 48, 'high'],
  ['YPO001-DN668064-19197296', 'The DPS will cover the period from 1st of May 2024 to 30th of April 2029 with an option to further extend for an additional 5 years.', [60], false, false, null, 'high'],
  ['IT-100-4057-P1214/1', 'The DPS will be for a period of up to 3 years commencing 1st August 2023 until 31st July 2026, (unless terminated under the terms and conditions of contract) with the option to extend for a further two years in yearly increments.', [12, 12], false, false, 36, 'high'],
  ['DN501074', 'The DPS will be established for a period of 8 years, with an option to extend for up to a further 2 x 1 year periods.', [12, 12], false, false, 96, 'high'],
  ['YPO001-DN554240-89671796', 'The Framework Agreement will cover the period from 1st August 2023 to 31st July 2026, with the option to extend for up to an additional 12 months (subject to an annual review and KPI performance).', [12], true, false, null, 'high'],
  ['20220928160427-104123', 'The PDPS will initially run for a period of 5 years with the option to extend for an additional 5 year period.', [60], false, false, 60, 'high'],
  ['WILTS001-DN614154-02904062', 'The DPS will run for an initial term of 5 years with an option to extend for any period up to a further 2 years, as defined and at the sole discretion of the Council.', [24], true, false, 60, 'high'],
  ['22-037-3', 'The Council may decide to extend this Dynamic Purchasing System Contract by a period of up to two years in two twelve-month periods.', [12, 12], false, false, null, 'high'],
  ['BATH001-DN567177-63563076', 'There is potential for extension beyond the initial term, up to 2 years.', [24], true, false, null, 'high'],
  ['001066', 'The DPS will cover the period from 3rd May 2021 to 2nd May 2025 with two options to extend.', [], false, false, null, 'low'],
  ['Marlborough_Cleaning_PFS_2025', 'The advertised contract length is 2+1+1 years.', [12, 12], false, false, 24, 'high'],
  ['IT-33-4748-CBC-1856-T-TS', 'Target contract commencement date: 1st July 2026 Contract term: 2 years +1+1 optional', [12, 12], false, false, 24, 'high'],
  ['NHM002-DN124758-88731281', 'Initially the DPS will be in place for 5 years with the option to extend this timeframe.', [], false, false, 60, 'low'],
  ['CF-1446800D0O000000rwimUAA', 'The total available contract will be for a period of 5 years with an option to extend for up to a further 2 years at the discretion of the commissioner.', [24], true, false, 60, 'high'],
  ['P00003307', 'The CS will be open for an initial period of 10 years extendable up to 15 years.', [60], true, false, 120, 'high'], // "extendable up to" a total term
  ['KNH-003', 'A variation to the DPS allows for the term to be extended for further periods, up to a maximum extended term of 60 months.', [], false, false, null, 'low'], // a total, and no initial term to take it from
  ['RM6124', 'Please refer to the contract notice for the correct dates and timelines. 00 - Other NUTS code The term of this DPS has been updated and is now 4 year + 2 year + 2 year The first of two (2) year lawful extension will be utilised to allow RM6124 to have a new expiry date of 4th September 2027 The justification for the extension is: - to ensure continuity of service in a unique and specialist field.', [24, 24], false, false, 48, 'high'], // "the term … is now 4 year + …": prose names the term
  // contracts_finder_council_waste_energy_contracts_2022.csv
  ['405691', 'The contract will be for 4 years with 1 options to extend for 12 months.', [12], false, false, 48, 'high'],
  ['583926', 'The contract shall be effective from no later than 18th June 2018 to 18th June 2020 with a possible extension of two, One year periods, upon satisfactory service delivery as deemed by the Council.', [12, 12], false, false, null, 'high'],
  ['639128', 'Three year contract with possible two year extension.', [24], false, false, 36, 'high'],
  ['420404', '• SCDC is looking for a suitably experienced company to provide litter picking services to the Council throughout SCDC\'s district. • The initial schedule of work must be started by the 03/02/2020 and is in a contract range of (£65to £70k per annum) and shall include: o A14 Fenstanton (junction 27) to Stow-cum-Quy both sides = 4km (reduced due to new road construction works) o A1303 From Marshalls to Bottisham both sides = 13km o A1198 Royston roundabout to Papworth Everard both sides = 47.25km o A11 6 mile Bottom to Stumps Cross both sides = 34.5 km o A428 Caxton to A14/M11 junction both sides = 34.5km o A1307 / A11 to Hinton Way roundabout both sides = 12 km o A1307 / A11 (Little Abington) to Haverhill roundabout both sides 30km o A10 Amey roundabout to Milton roundabout both sides = 14.5 km o A10 Royston roundabout to M11 (Harston) roundabout both sides 36.5km o A505 Royston roundabout to A11 junction both sides 30 km o Please note that in all cases above this must include litter-picking from each slip road up to junctions and all lay by areas with each road. • The contract is for 3 year term with the option to extend each and every year for a further 2 years.', [12, 12], false, false, 36, 'high'],
  ['338090', 'The Contract is expected to be for 24 months with 3 possible extensions each of 12 months.', [12, 12, 12], false, false, 24, 'high'],
  ['407468', 'The Contract term is 7.5 years with another 7.5 years possible extension period.', [90], false, false, 90, 'high'],
  ['439493', 'The initial contract term shall be 2 years, with an option to extend for a further 2 periods of up to 12 months each.', [12, 12], false, false, 24, 'high'],
  ['612330', 'Handover 4th January 2021 Contract term: 2 years (+1+1+1 optional)', [12, 12, 12], false, false, 24, 'high'],
  ['495722', 'The Council is seeking to award a Contract for the receipt and treatment of Garden Waste commencing on 8th January 2021 and continuing for an Initial Term of 1 years with an option for the Council to extend the Contract on one or more occasions up to a further 1 year.', [12], true, false, 12, 'high'],
  ['334201', 'Test Valley Borough Council proposes to enter into contract for 4 Years, with the possibility of 3 extensions of 1 year to a maximum of 7 years, for the provision of the Trunk Road Litter Picking Contract.', [12, 12, 12], false, false, 48, 'high'],
  ['508032', 'The Bulky Household Waste Collection Services contract will commence from April 2018, for a period of 5 years, with a possible extension of a further 5 years.', [60], false, false, 60, 'high'],
  ['352849', 'The Contract will commence on the 1st April 2021 for an initial period of 24 months will the potential for 3 x 12 month extensions This tender will be a 1 Stage Process under the Public Contract Regulation 2015 Open Procedure.', [12, 12, 12], false, false, 24, 'high'],
  ['444204', 'The initial contract term will be 2 years however the Authority reserves the right to extend the contract by further periods not exceeding 48 months.', [48], true, false, 24, 'high'],
  ['409440', 'The contract term is for 3 years with the option to extend for a further 1 year then a further 1 year dependent on performance.', [12, 12], false, false, 36, 'high'],
  ['475943', 'The contract will comprise a 3-year, initial term, commencing on 9.6.2020, with 2 possible extensions, each of 1-year duration.', [12, 12], false, false, 36, 'high'],
  ['469625', 'TD1728 - Supply of Liquid Fuel ESPO 301 Framework Initial term 19/07/2021 - 18/07/2023 Option to extend 2 x 12 months', [12, 12], false, false, null, 'high'],
  ['404893', 'Any eventual contract will commence on 28th October 2019 until 31st August 2020 with the option to extend annually for a further 3 years.', [12, 12, 12], false, false, null, 'high'],
  ['384008', 'The Contract will be for 3 years with the option to extend to a maximum of 5 years.', [24], true, false, 36, 'high'],
  ['610571', 'The service delivery will commence on 1 March 2017 and will have an initial term of seven (7) years with the provision to extend for one or more periods up to a maximum contract term of 20 years.', [156], true, false, 84, 'high'],
  ['580602', 'The contracts were procured using the Competitive Dialogue Procedure and will be for an initial term of four years, with the option to extend for up to two periods of two years each, subject to satisfactory performance and negotiation of satisfactory commercial terms.', [24, 24], false, false, 48, 'high'],
  ['531504', 'The contract will be for 4 years with two options to extend with each option being 36 months therefore if all extensions were taken the full duration of the contract would be 10 years (4+3+3).', [36, 36], false, false, 48, 'high'],
  ['438925', 'The contract has been divided into Lots which are: - Lot 1 - Bournemouth Residual Waste - Lot 2 - Christchurch Residual Waste The initial contract is 3 years with 3 options to extend annually a further 3 years (3 + 1 + 1 + 1).', [12, 12, 12], false, false, 36, 'high'],
  ['551773', 'Target contract commencement date: July 2019 Contract term: 5 +1+1+1+1 Optional', [12, 12, 12, 12], false, false, 60, 'high'],
  ['619050', 'Please note Estimated Contract Value: £750,00.00 - 5 year Contract term + Optional 1+1+1+1 = £600,000.00 Please note timeline with regards to questions and submission dates.', [12, 12, 12, 12], false, false, 60, 'high'],
  ['619050', 'Target contract commencement date: 01 January 2019 Contract Period 5 years + 1+ 1 + 1 + 1 year(s) optional.', [12, 12, 12, 12], false, false, 60, 'high'],
  ['430034', 'The Contract will be for an initial service period of five years starting from 1st April 2020 and subject to mutual agreement of the parties may be extended for periods totalling a maximum further 4 years.', [48], true, false, 60, 'high'],
  ['521532', 'This contract will be for a potential contract period of up to 7 years (5 years plus extension period of up to 2 years).', [24], true, false, 60, 'high'],
  ['545479', 'The contract term will be for 8 years with no breaks or extensions being included.', [], false, false, 96, 'high'],
  ['506955', 'The main requirement is for the acceptance of waste for treatment from 1 April 2020 to 31 March 2030, with the option to extend by one or more periods to 31 March 2040.', [], false, false, null, 'low'],
  ['558222', 'The contract is for a term of 8 years with an option to extend twice; the first extension for either up to 2 years or 8 years and the second extension for a period of 2years but only if the contract has already been extended for 8 years.', [], false, false, 96, 'low'],
  ['462414', 'Stafford Borough Council will call off its own contract for the period 4th February 2018 to 31st March 2028 with an option to extend for a further 10 years, i.e. to 31st March 2038.', [120], false, false, null, 'high'],
  ['572197', 'It is envisaged this contract will have an initial term of eight (8) years with provision to extend by a further two (2) years, with the estimated term value of the Contract being approximately 20 000 000 GBP per annum.', [24], false, false, 96, 'high'],
  ['425053', 'The Contract will commence on 26 September 2020 and the proposed duration of the contract is eight (8) years (96 months) with the option to extend for a period or periods of up to a further eight (8) years (96 months).', [96], true, false, 96, 'high'],
  ['653405', 'The resulting contracts will be for an initial 8 year term following which, the Contract will include options for extending the provisions for up to further 96 months with a maximum contract duration of 16 years.', [96], true, false, 96, 'high'],
  ['369549', 'The commencement date is 1.06.2019 with a minimum duration of 5 years but with a potential to extend to a maximum contract term of 10 years.', [60], true, false, 60, 'high'],
  ['540512', 'The contract will be for a period of eight (8) years with the option to extend for any period up to a further two (2) years.', [24], true, false, 96, 'high'],
  ['343682', 'The contract term for each lot is 6 years, with services commencing on the 1.4.2020, with the opportunity to extend the contract for an additional 6 years to a maximum term of 12 years.', [72], false, false, 72, 'high'],
  ['363787', 'The initial contract term will be for 24 months with an option to extend for a further 24 months (1 period of 24 months) for a potential total contract term of 4 years as stated in the RFQ documents.', [24], false, false, 24, 'high'],
  ['510182', 'This Contract is programmed to be awarded on Monday 2 August 2021 for a period of 3 years from Contract commencement with the option for the Council, in its entire discretion, to extend the Contract by a further period of 2 years up to a maximum term of 5 years.', [24], false, false, 36, 'high'],
  ['602407', 'One year contract with three potential 12 month extension periods.', [12, 12, 12], false, false, 12, 'high'],
  ['479542', 'The Framework is for 2 years with 2 options to extend of 12 months each', [12, 12], false, false, 24, 'high'],
  ['398427', 'The contract is for a period of four years with a potential for a two-year extension.', [24], false, false, 48, 'high'],
  ['434050', 'There will be two extensions possible, each of up to one (1) year in duration.', [12, 12], false, false, null, 'high'],
  ['467124', 'The Contract will commence on 7 May 2018 (\\"the Commencement Date\\") and continue for a Term of 2 years, with a right for the Council to extend the Term on one or more occasions up to 6 May 2022.', [], false, false, 24, 'low'],
];

describe('parseExtensions on published notices', () => {
  it('has a broad table', () => {
    expect(NOTICES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(NOTICES)('%s: %s', (_id, text, options, upTo, rolling, initialMonths, confidence) => {
    const e = parseExtensions(text);
    expect({ options: e.options, upTo: e.upTo, rolling: e.rolling, initialMonths: e.initialMonths, confidence: e.confidence }).toEqual({ options, upTo, rolling, initialMonths, confidence });
  });

  it('reads a term in one sentence and the options in the next (contracts_finder_open_notices_export_2025-11.csv, STCGMC25)', () => {
    const e = parseExtensions('Contract term: Initial term of three (3) years from the start date, with an extension option. The Council may, at its sole discretion, extend the contract for up to two (2) additional years.');
    expect([e.options, e.upTo, e.initialMonths, e.confidence]).toEqual([[24], true, 36, 'high']);
  });

  it('reads "N+N" against the term the prose states before any term the register gives', () => {
    expect(parseExtensions('The initial contract for this service will be three years with the option to extend 1+1.', 36).options).toEqual([12, 12]);
    // A one-year register term does not turn the first "1" into the term: the prose put the term before the options.
    expect(parseExtensions('The initial contract for this service will be three years with the option to extend 1+1.', 12).options).toEqual([12, 12]);
    // With no term in the prose, the register's term decides.
    expect(parseExtensions('Extension: 2+1+1', 24)).toMatchObject({ options: [12, 12], initialMonths: 24, confidence: 'high' });
  });
});
