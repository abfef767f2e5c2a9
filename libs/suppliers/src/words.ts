/**
 * Ordinary words that many unrelated companies put in their names ("Care", "Link", "North",
 * "Premier"). Two names sharing one of these say nothing about being one company or one family,
 * and a name that is one slip from another ordinary word ("Care" / "Core") is more likely a
 * different name than a typo. Compiled for this project from common words in UK company names;
 * extend it rather than special-case a name.
 */
const WORDS = `
a about above access at by de for from in into la le of on to with accounting action active adult adults advanced advice advisory age agency air alliance allied
alpha alternative ambulance anchor and apex applied apple approach architects architecture arrow art arts asbestos
ash assessment asset assets associates association assurance atlas audit auto autism automotive avenue bakery bank
bay beacon beauty best better birch black blue board bond borough bridge bright britain british brook brothers
build builders building buildings bureau bus business buy cab cabs café cafe cambridge capital car card care career
carers cars castle catering cedar central centre centres chambers change charity children childrens choice choices
city civil clean cleaning clear clinic clinical cloud club coach coaches coast coastal college commercial
communication communications community compass complete compliance computer computers connect connection
construction consult consultancy consultants consulting contract contracting contractors contracts control core
corner cost council counselling country county court crafts creative crest cross crown crystal cultural culture
custom daily dairy data day delta design designs development diagnostics digital direct discovery district
diverse division domestic door doors drainage drive dynamic eagle east eastern eco ecology edge education
educational electric electrical electronics elite empire energy engineering engineers enterprise enterprises
environment environmental equipment estate estates europe european event events excel excellence executive expert
experts express facilities facility family farm fire first fleet flooring focus food foods forest forum forward
foster foundation four fox fresh friends fuel fuels fund funding furniture future gas general global gold golden
good grange great greater green ground grounds group growth guard guardian hall harbour harmony hat health
healthcare heart heating help heritage high highway highways hill hire holdings holistic home homecare homes
horizon hospital hotel house housing hub human ice ideal image independent industrial industries info information
infrastructure inn innovate innovation innovations insight inspire insurance integrated interactive interim
international investment investments island its jewel joint just key keys kids king kingdom kings lake land
landscape landscapes languages law lead learning legal leisure life lift light lighting line link links live
living local logic london lower machines maintenance management managed manor manufacturing maple marine market
marketing marsh master mechanical media medical meadow mental metal metro metropolitan mid midland midlands mill
mobile mobility modern motor motors mountain national natural nature network networks new news next north northern
nursery nursing oak office old one open operations options orchard outdoor oxford pacific park partners partnership
partnerships pathway pathways people personal pest phoenix pioneer place plan planning plant plastics play plus
point power premier prestige prime print printing pro products professional project projects property properties
protect protection public pure quality quest rail rainbow recovery recruitment recycling red regional rental
repair repairs research residential resource resources response rest rise river road rock roofing rose royal
safe safety saint school schools science scientific search secure security select senior service services shell
shield signs silver simple skills smart social solar solution solutions sound source south southern space
specialist specialists sport sports spring square staff staffing standard star station steel stone storage
strategic street summit sun supplies supply support supported surveying surveyors sustainable systems talent team
tech technical technologies technology telecom telecoms the therapy total tower town trade traffic training
transport travel tree trees trust truck trucks tyre unit united unity universal upper urban valley vehicle
vehicles village vision voluntary wales waste water way welfare well wellbeing west western white wholesale wild
wind window windows wood works world young youth
`;

export const ORDINARY_WORDS: ReadonlySet<string> = new Set(WORDS.split(/\s+/).filter(Boolean));

/**
 * Words of UK local authority names ("Blackpool", "Chorley", "Wyre", "Lancashire"): many unrelated
 * local firms and charities start their names with the place they serve, so a place alone never
 * names a family ("Chorley Group" / "Chorley Women's Centre"). From the `nice-name` column of
 * mySociety's uk_local_authorities_current.csv (CC BY 4.0; data/reference, see data/SOURCES.md),
 * words of four letters or more that are not ordinary words.
 */
const PLACES = `
aberdeen aberdeenshire adur albans allerdale anglesey angus antrim ards argyll armagh arun ashfield ashford avon
aylesbury ayrshire babergh ballymena ballymoney banbridge banstead barking barnet barnsley barrow basildon basingstoke
bassetlaw bath bedford bedfordshire bedworth belfast berkshire bexley birmingham blaby blackburn blackpool blaenau
bolsover bolton borders boston bosworth bournemouth bracknell bradford braintree breckland brent brentwood bridgend
brighton bristol broadland bromley bromsgrove broxbourne broxtowe buckinghamshire bucks burnley bury bute caerphilly
calderdale cambridgeshire camden cannock canterbury cardiff carlisle carmarthenshire carrickfergus castlereagh
causeway ceredigion charnwood chelmsford chelsea cheltenham cherwell cheshire chester chesterfield chichester chiltern
chorley christchurch clackmannanshire cleveland colchester coleraine conwy cookstown copeland corby cornwall cotswold
coventry craigavon craven crawley croydon cumberland cumbria cynon dacorum dagenham darlington dartford darwen
daventry denbighshire derby derbyshire derry devon doncaster dorset dover dudley dumfries dunbartonshire dundee
dungannon durham ealing eastbourne eastleigh eden edinburgh edmundsbury eilean elmbridge enfield epping epsom erewash
essex ewell exeter falkirk fareham fenland fermanagh fife flintshire folkestone fulham furness fylde galloway
gateshead gedling glamorgan glasgow gloucester gloucestershire gosport gravesham greenwich guildford gwent gwynedd
hackney halton hambleton hammersmith hampshire harborough haringey harlow harrogate harrow hart hartlepool hastings
hatfield havant havering heath helens herefordshire hertfordshire hertsmere highland hillingdon hinckley holland
horsham hounslow hove hull humber huntingdonshire hyndburn hythe inverclyde ipswich islington kensington kent kesteven
kettering keynes kingston kinross kirklees knowsley lakeland lambeth lanarkshire lancashire lancaster larne leeds
leicester leicestershire lewes lewisham lichfield limavady lincoln lincolnshire lindsey lisburn liverpool lothian
luton lyme lynn magherafelt maidenhead maidstone maldon malling malvern manchester mansfield medway melton mendip
merthyr merton middlesbrough midlothian milton mole monmouthshire moorlands moray mourne moyle neath newark newcastle
newham newport newry newtownabbey norfolk northampton northamptonshire northumberland norwich nottingham
nottinghamshire nuneaton oadby oldham omagh orkney oxfordshire pembrokeshire pendle perth peterborough plymouth poole
portland portsmouth powys preston purbeck reading redbridge redcar redditch reigate renfrewshire rhondda ribble
richmond richmondshire rochdale rochford rossendale rother rotherham rugby runnymede rushcliffe rushmoor rutland
ryedale salford sandwell scarborough scilly sedgemoor sefton selby sevenoaks sheffield sherwood shetland shropshire
siar slough solihull somerset southampton southend southwark spelthorne stafford staffordshire stevenage stirling
stockport stockton stoke strabane stratford stroud suffolk sunderland surrey sussex sutton swale swansea swindon taff
talbot tameside tamworth tandridge taunton tees teignbridge telford tendring tewkesbury thames thanet thurrock
tonbridge torbay torfaen torridge trafford trent tunbridge tydfil tyne tyneside tyrone ulster uttlesford vale
wakefield walsall waltham wandsworth warrington warwick warwickshire watford waveney waverley wealden wellingborough
wells welwyn westminster westmorland weymouth wigan wight wigston wiltshire winchester windsor wirral woking wokingham
wolverhampton worcester worcestershire worthing wrekin wrexham wychavon wycombe wyre yarmouth york yorkshire
`;

export const PLACE_WORDS: ReadonlySet<string> = new Set(PLACES.split(/\s+/).filter(Boolean));

/** Whether a word says who a company is: not an ordinary word, a place, an initial or a number. */
export function isDistinctiveWord(token: string): boolean {
  return token.length >= 2 && !/^\d+$/.test(token) && !ORDINARY_WORDS.has(token) && !PLACE_WORDS.has(token);
}
