"""The country spellings migration 9 knows: written once by scripts/freeze_country_names.py.

Frozen data (do not edit, do not regenerate): one line per ISO 3166-1 alpha-2 code, the
code, then every spelling of that country that the country rule of schema version 9 read,
folded by ``v9_countries.fold`` and separated by ``|``.
"""

TABLE = """
AD ad|and|andora|andorra|fuerstentum andorra|furstentum andorra|knezevina andora|principality of andorra
AE ae|are|emirates|uae|ujedinjeni arapski emirati|united arab emirates|vereinigte arabische emirate
AF af|afg|afganistan|afghanistan|islamic republic of afghanistan|islamische republik afghanistan|islamska republika afganistan
AG ag|antigua barbuda|atg
AI ai|aia|anguila|anguilla
AL al|alb|albania|albanien|albanija|republic of albania|republik albanien|republika albanija
AM am|arm|armenia|armenien|armenija|republic of armenia|republik armenien|republika armenija
AO ago|angola|ao|republic of angola|republik angola|republika angola
AQ antarctica|antarktika|antarktis|aq|ata
AR ar|arg|argentina|argentine republic|argentinien|argentinische republik|argentinska republika
AS american samoa|americka samoa|amerikanisch samoa|as|asm
AT at|austria|austrija|aut|oesterreich|osterreich|republic of austria|republik oesterreich|republik osterreich|republika austrija
AU au|aus|australia|australien|australija
AW abw|aruba|aw
AX ala|aland inseln|aland islands|alandski otoci|ax
AZ aserbaidschan|az|aze|azerbaijan|azerbajdzan|republic of azerbaijan|republik aserbaidschan|republika azerbajdzan
BA ba|bih|bosna|bosna hercegovina|bosnia|bosnia herzegovina|bosnien herzegowina|republic of bosnia herzegovina|republika bosna hercegovina
BB barbados|bb|brb
BD banglades|bangladesch|bangladesh|bd|bgd|narodna republika banglades|peoples republic of bangladesh|volksrepublik bangladesh
BE be|bel|belgien|belgija|belgium|kingdom of belgium|koenigreich belgien|konigreich belgien|kraljevina belgija
BF bf|bfa|burkina faso
BG bg|bgr|bugarska|bulgaria|bulgarien|republic of bulgaria|republik bulgarien|republika bugarska
BH bahrain|bahrein|bh|bhr|kingdom of bahrain|koenigreich bahrain|konigreich bahrain|kraljevina bahrein
BI bdi|bi|burundi|republic of burundi|republik burundi|republika burundi
BJ ben|benin|bj|republic of benin|republik benin|republika benin
BL bl|blm|saint barthelemy|sveti bartolomej
BM bermuda|bermudi|bm|bmu
BN bn|brn|brunei darussalam|brunej darussalam
BO bo|bol|bolivia|bolivia plurinational state of|bolivien|bolivien plurinationaler staat|bolivija|bolivija plurinacionalna drzava|plurinacionalna drzava bolivija|plurinational state of bolivia|plurinationaler staat bolivien
BQ bes|bonaire|bonaire sint eustatius saba|bonaire sveti eustahije saba|bq|sint eustatius saba bonaire|sveti eustahije saba bonaire
BR br|bra|brasilien|brazil|federative republic of brazil|foderative republik brasilien|foederative republik brasilien|savezna republika brazil
BS bahamas|bahami|bhs|bs|commonwealth bahama|commonwealth der bahamas|commonwealth of bahamas
BT bhutan|bt|btn|butan|kingdom of bhutan|koenigreich bhutan|konigreich bhutan|kraljevina butan
BV bouvet insel|bouvet island|bv|bvt|otok bouvet
BW bocvana|botsuana|botswana|bw|bwa|republic of botswana|republik botsuana|republika bocvana
BY belarus|bjelorusija|blr|by|republic of belarus|republik belarus|republika bjelorusija
BZ belize|blz|bz
CA ca|can|canada|kanada
CC cc|cck|cocos|cocos keeling islands|cocos keeling otoci|keeling inseln|keeling islands|keeling otoci|kokos|kokos keeling inseln
CD cd|cod|congo democratic republic of|democratic republic of congo|demokratische republik kongo|demokratska repubilika kongo|dr congo|dr kongo|drc|kongo demokratska repubilika
CF caf|central african republic|cf|srednjoafricka republika|zentralafrikanische republik
CG cg|cog|congo|kongo|republic of congo|republik kongo|republika kongo
CH ch|che|schweiz|schweizerische eidgenossenschaft|svicarska|svicarska konfederacija|swiss confederation|switzerland
CI ci|civ|cote divoire|elfenbeinkuste|ivory coast|obala bjelokosti|republic of cote divoire|republik cote divoire|republika obale bjelokosti
CK ck|cok|cook islands|cookinseln|cookovo otocje
CL chile|chl|cile|cl|republic of chile|republik chile|republika cile
CM cameroon|cm|cmr|kamerun|republic of cameroon|republik kamerun|republika kamerun
CN china|chn|cn|kina|narodna republika kina|peoples republic of china|volksrepublik china
CO co|col|colombia|kolumbien|kolumbija|republic of colombia|republik kolumbien|republika kolumbija
CR costa rica|cr|cri|kostarika|republic of costa rica|republik costa rica|republika kostarika
CU cu|cub|cuba|kuba|republic of cuba|republik kuba|republika kuba
CV cabo verde|cape verde|cpv|cv|kap verde|kapverden|republic of cabo verde|republik kap verde|republika kabo verde|zelenortska republika|zelenortski otoci
CW curacao|cuw|cw
CX bozicni otok|christmas island|cx|cxr|weihnachtsinseln
CY cipar|cy|cyp|cyprus|republic of cyprus|republik zypern|republika cipar|zypern
CZ ceska|ceska republika|cz|cze|czech republic|czechia|tschechien|tschechische republik
DE brd|bundesrepublik deutschland|de|deu|deutschland|federal republic of germany|germany|njemacka|savezna republika njemacka
DJ dj|dji|djibouti|dschibuti|dzibuti|republic of djibouti|republik dschibuti|republika dzibuti
DK daenemark|danemark|danska|denmark|dk|dnk|kingdom of denmark|koenigreich daenemark|konigreich danemark|kraljevina danska
DM commonwealth dominica|commonwealth dominike|commonwealth of dominica|dm|dma|dominica|dominika
DO do|dom|dominican republic|dominikanische republik|dominikanska republika
DZ algeria|algerien|alzir|demokratische volksrepublik algerien|dz|dza|narodna demokratska republika alzir|peoples democratic republic of algeria
EC ec|ecu|ecuador|ekvador|republic of ecuador|republik ecuador|republika ekvador
EE ee|est|estland|estonia|estonija|republic of estonia|republik estland|republika estonija
EG aegypten|agypten|arab republic of egypt|arabische republik aegypten|arabische republik agypten|arapska republika egipat|eg|egipat|egy|egypt
EH eh|esh|western sahara|westsahara|zapadna sahara
ER drzava eritreja|er|eri|eritrea|eritreja|staat eritrea|state of eritrea
ES es|esp|kingdom of spain|koenigreich spanien|konigreich spanien|kraljevina spanjolska|spain|spanien|spanjolska
ET aethiopien|athiopien|demokratische bundesrepublik aethiopien|demokratische bundesrepublik athiopien|et|eth|ethiopia|etiopija|federal democratic republic of ethiopia|savezna demokratska republika etiopija
FI fi|fin|finland|finnland|finska|republic of finland|republik finnland|republika finska
FJ fidschi|fidzi|fiji|fj|fji|republic of fiji|republik fidschi|republika fidzi
FK falkland islands|falkland islands malvinas|falklandinseln|falklandinseln malwinen|falklandski otoci|fk|flk|malvinas|malwinen
FM federated states of micronesia|fm|foderierte staaten von mikronesien|foederierte staaten von mikronesien|fsm|micronesia|micronesia federated states of|mikronesien|mikronesien foderierte staaten von|mikronesien foederierte staaten von|mikronezija|mikronezija savezne drzave|savezne drzave mikronezija|savezne drzave mikronezije
FO faeroeer inseln|faroe islands|faroer inseln|farski otoci|fo|fro
FR fr|fra|france|francuska|frankreich|franzoesische republik|franzosische republik|french republic|republika francuska
GA ga|gab|gabon|gabonese republic|gabun|gabunische republik|republika gabon
GB britain|england|engleska|gb|gbr|great britain|grossbritannien|northern ireland|schottland|scotland|skotska|ujedinjeno kraljevstvo|ujedinjeno kraljevstvo velike britanije sjeverne irske|uk|united kingdom|united kingdom of great britain northern ireland|velika britanija|vereinigtes koenigreich|vereinigtes koenigreich grossbritannien nordirland|vereinigtes konigreich|vereinigtes konigreich grossbritannien nordirland|wales
GD gd|grd|grenada
GE ge|geo|georgia|georgien|gruzija
GF francuska gijana|franzoesisch guyana|franzosisch guyana|french guiana|gf|guf
GG gg|ggy|guernsey
GH gana|gh|gha|ghana|republic of ghana|republik ghana|republika gana
GI gi|gib|gibraltar
GL gl|greenland|grenland|grl|groenland|gronland
GM gambia|gambija|gm|gmb|republic of gambia|republik gambia|republika gambija
GN gin|gn|guinea|gvineja|republic of guinea|republik guinea|republika gvineja
GP glp|gp|guadeloupe|gvadalupa
GQ aequatorialguinea|aquatorialguinea|ekvatorijalna gvineja|equatorial guinea|gnq|gq|republic of equatorial guinea|republik aequatorialguinea|republik aquatorialguinea|republika ekvatorijalna gvineja
GR gr|grc|grcka|greece|griechenland|helenska republika|hellenic republic|hellenische republik
GS gs|juzna georgija otocje juzni sandwich|sgs|south georgia die sudlichen sandwichinseln|south georgia die suedlichen sandwichinseln|south georgia south sandwich islands
GT gt|gtm|guatemala|gvatemala|republic of guatemala|republik guatemala|republika gvatemala
GU gu|guam|gum
GW gnb|guinea bissau|gvineja bisau|gw|republic of guinea bissau|republik guinea bissau|republika gvineja bisau
GY guy|guyana|gvajana|gy|kooperative republik guyana|republic of guyana|republika gvajana
HK hk|hkg|hong kong|hong kong posebna upravna regija narodne republike kine|hong kong special administrative region of china|hongkong|sonderverwaltungsregion hongkong
HM heard island mcdonald islands|heard mcdonaldinseln|hm|hmd|otok heard otocje mcdonald
HN hn|hnd|honduras|republic of honduras|republik honduras|republika honduras
HR croatia|hr|hrv|hrvatska|kroatien|republic of croatia|republik kroatien|republika hrvatska
HT haiti|ht|hti|republic of haiti|republik haiti|republika haiti
HU hu|hun|hungary|madarska|ungarn
ID id|idn|indonesia|indonesien|indonezija|republic of indonesia|republik indonesien|republika indonezija
IE ie|ireland|irl|irland|irska
IL drzava izrael|il|isr|israel|izrael|staat israel|state of israel
IM im|imn|insel man|isle of man|otok man
IN in|ind|india|indien|indija|republic of india|republik indien|republika indija
IO britanski indijskooceanski teritorij|britisches territorium im indischen ozean|british indian ocean territory|io|iot
IQ iq|irak|iraq|irq|republic of iraq|republik irak|republika irak
IR ir|iran|iran islamic republic of|iran islamische republik|iran islamska republika|irn|islamic republic of iran|islamische republik iran|islamska republika iran
IS iceland|is|isl|island|republic of iceland|republik island|republika island
IT it|ita|italian republic|italien|italienische republik|italija|italy|talijanska republika
JE je|jersey|jey
JM jam|jamaica|jamaika|jamajka|jm
JO haschemitisches koenigreich jordanien|haschemitisches konigreich jordanien|hashemite kingdom of jordan|jo|jor|jordan|jordanien|kraljevina jordan
JP japan|jp|jpn
KE ke|ken|kenia|kenija|kenya|republic of kenya|republik kenia|republika kenija
KG kg|kgz|kirgisische republik|kirgisistan|kirgiska republika|kirgistan|kyrgyz republic|kyrgyzstan
KH cambodia|kambodscha|kambodza|kh|khm|kingdom of cambodia|koenigreich kambodscha|konigreich kambodscha|kraljevina kambodza
KI ki|kir|kiribati|republic of kiribati|republik kiribati|republika kirbati
KM com|comoros|km|komoren|komori|unija komora|union of comoros|vereinigung der komoren
KN kn|kna|saint kitts nevis|sveti kristofor nevis
KP democratic peoples republic of korea|demokratische volksrepublik korea|demokratska narodna republika koreja|korea democratic peoples republic of|korea demokratische volksrepublik|koreja demokratska narodna republika|kp|nordkorea|north korea|prk|sjeverna koreja
KR juzna korea|juzna koreja|kor|korea republic of|korea republik|koreja republika|kr|republic of korea|republik korea|republika koreja|south korea|sudkorea|suedkorea
KW drzava kuvajt|kuvajt|kuwait|kw|kwt|staat kuwait|state of kuwait
KY cayman inseln|cayman islands|cym|kajmanski otoci|ky
KZ kasachstan|kaz|kazahstan|kazakhstan|kz|republic of kazakhstan|republik kasachstan|republika kazahstan
LA demokratische volksrepublik laos|la|lao|lao peoples democratic republic|laos|laos demokratische volksrepublik|laoska narodna demokratska republika
LB lb|lbn|lebanese republic|lebanon|libanesische republik|libanon|libanonska republika
LC lc|lca|saint lucia|sveta lucija
LI fuerstentum liechtenstein|furstentum liechtenstein|knezevina lihtenstajn|li|lie|liechtenstein|lihtenstajn|principality of liechtenstein
LK democratic socialist republic of sri lanka|demokratische sozialistische republik sri lanka|demokratska socijalisticka republika sri lanka|lk|lka|sri lanka
LR lbr|liberia|liberija|lr|republic of liberia|republik liberia|republika liberija
LS kingdom of lesotho|koenigreich lesotho|konigreich lesotho|kraljevina lesoto|lesotho|lesoto|ls|lso
LT litauen|lithuania|litva|lt|ltu|republic of lithuania|republik litauen|republika litva
LU grand duchy of luxembourg|grossherzogtum luxemburg|knezevina luksemburg|lu|luksemburg|lux|luxembourg|luxemburg
LV latvia|latvija|lettland|lv|lva|republic of latvia|republik lettland|republika latvija
LY lby|libija|libya|libyen|ly
MA kingdom of morocco|koenigreich marokko|konigreich marokko|kraljevina maroko|ma|mar|marokko|maroko|morocco
MC fuerstentum monaco|furstentum monaco|knezevina monako|mc|mco|monaco|monako|principality of monaco
MD md|mda|moldau|moldau republik|moldavija|moldavija republika|moldova|moldova republic of|republic of moldova|republik moldau|republika moldavija
ME crna gora|me|mne|montenegro
MF francuski dio|franzosischer teil|french part|maf|mf|saint martin franzoesischer teil|saint martin franzosischer teil|saint martin french part|sveti martin francuski dio
MG madagascar|madagaskar|mdg|mg|republic of madagascar|republik madagaskar|republika madagaskar
MH marsalovi otoci|marshall islands|marshallinseln|mh|mhl|republic of marshall islands|republik marshallinseln|republika marsalovi otoci
MK macedonia|makedonija|mazedonien|mk|mkd|nordmazedonien|north macedonia|republic of north macedonia|republik nordmazedonien|republika sjeverna makedonija|sjeverna makedonija
ML mali|ml|mli|republic of mali|republik mali|republika mali
MM birma|burma|mjanmar|mm|mmr|myanmar|republic of myanmar|republik myanmar|republika mjanmar
MN mn|mng|mongolei|mongolia|mongolija
MO mac|macao|macao special administrative region of china|makao|mo|posebna upravna regija makao|sonderverwaltungsregion macao
MP commonwealth noerdliche mariana inseln|commonwealth nordliche mariana inseln|commonwealth of northern mariana islands|commonwealth sjevernomarijanskog otocja|mnp|mp|noerdliche marianen|nordliche marianen|northern mariana islands|sjevernomarijanski otoci
MQ martinik|martinique|mq|mtq
MR islamic republic of mauritania|islamische republik mauretanien|islamska republika mauretanija|mauretanien|mauretanija|mauritania|mr|mrt
MS montserrat|ms|msr
MT malta|mlt|mt|republic of malta|republik malta|republika malta
MU mauricijus|mauritius|mu|mus|republic of mauritius|republik mauritius|republika mauricijus
MV maldives|maldivi|malediven|mdv|mv|republic of maldives|republik malediven|republika maldivi
MW malavi|malawi|mw|mwi|republic of malawi|republik malawi|republika malavi
MX meksiko|mex|mexico|mexiko|mx|sjedinjene meksicke drzave|united mexican states|vereinigte mexikanische staaten
MY malaysia|malezija|my|mys
MZ mosambik|moz|mozambik|mozambique|mz|republic of mozambique|republik mosambik|republika mozambik
NA na|nam|namibia|namibija|republic of namibia|republik namibia|republika namibija
NC nc|ncl|neukaledonien|new caledonia|nova kaledonija
NE ne|ner|niger|republic of niger|republik niger|republika niger
NF nf|nfk|norfolk island|norfolkinsel|otok norfolk
NG bundesrepublik nigeria|federal republic of nigeria|ng|nga|nigeria|nigerija|savezna republika nigerija
NI ni|nic|nicaragua|nikaragva|republic of nicaragua|republik nicaragua|republika nikaragva
NL holandija|holland|kingdom of netherlands|koenigreich der niederlande|konigreich der niederlande|kraljevina nizozemska|netherlands|niederlande|nizozemska|nl|nld
NO kingdom of norway|koenigreich norwegen|konigreich norwegen|kraljevina norveska|no|nor|norveska|norway|norwegen
NP demokratische bundesrepublik nepal|federal democratic republic of nepal|nepal|np|npl|savezna demokratska republika nepal
NR nauru|nr|nru|republic of nauru|republik nauru|republika nauru
NU niu|niue|nu
NZ neuseeland|new zealand|novi zeland|nz|nzl
OM om|oman|omn|sultanat oman|sultanate of oman
PA pa|pan|panama|republic of panama|republik panama|republika panama
PE pe|per|peru|republic of peru|republik peru|republika peru
PF francuska polinezija|franzoesisch polynesien|franzosisch polynesien|french polynesia|pf|pyf
PG independent state of papua new guinea|nezavisna drzava papua nova gvineja|papua neuguinea|papua new guinea|papua nova gvineja|pg|png|unabhaengiger staat papua neuguinea|unabhangiger staat papua neuguinea
PH filipini|ph|philippinen|philippines|phl|republic of philippines|republik der philippinen|republika filipini
PK islamic republic of pakistan|islamische republik pakistan|islamska republika pakistan|pak|pakistan|pk
PL pl|pol|poland|polen|poljska|republic of poland|republik polen|republika poljska
PM pm|saint pierre miquelon|spm|sveti petar mikelon
PN pcn|pitcairn|pitcairnovo otocje|pn
PR portoriko|pr|pri|puerto rico
PS drzava palestina|palaestina staat|palastina|palastina staat|palestina|palestine|palestine state of|ps|pse|staat palaestina|staat palastina|state of palestine
PT portugal|portugalska republika|portugiesische republik|portuguese republic|prt|pt
PW palau|plw|pw|republic of palau|republik palau|republika palau
PY paraguay|paragvaj|pry|py|republic of paraguay|republik paraguay|republika paragvaj
QA drzava katar|katar|qa|qat|qatar|staat katar|state of qatar
RE re|reu|reunion
RO ro|romania|rou|rumaenien|rumanien|rumunjska
RS republic of serbia|republik serbien|republika srbija|rs|serbia|serbien|srb|srbija
RU ru|rus|rusija|ruska federacija|russia|russian federation|russische foderation|russische foederation|russland
RW republik ruanda|ruanda|ruandska republika|rw|rwa|rwanda|rwandese republic
SA kingdom of saudi arabia|koenigreich saudi arabien|konigreich saudi arabien|kraljevina saudijska arabija|sa|sau|saudi arabia|saudi arabien|saudijska arabija
SB salomoninseln|salomonski otoci|sb|slb|solomon islands
SC republic of seychelles|republik seychellen|republika sejseli|sc|sejseli|seychellen|seychelles|syc
SD republic of sudan|republik sudan|republika sudan|sd|sdn|sudan
SE kingdom of sweden|koenigreich schweden|konigreich schweden|kraljevina svedska|schweden|se|svedska|swe|sweden
SG republic of singapore|republik singapur|republika singapur|sg|sgp|singapore|singapur
SH ascension tristan da cunha saint helena|ascension tristan da cunha sveta helena|saint helena|saint helena ascension tristan da cunha|sh|shn|sveta helena|sveta helena ascension tristan da cunha
SI republic of slovenia|republik slowenien|republika slovenija|si|slovenia|slovenija|slowenien|svn
SJ sj|sjm|svalbard jan mayen
SK sk|slovacka|slovacka republika|slovak republic|slovakia|slowakei|slowakische republik|svk
SL republic of sierra leone|republik sierra leone|republika sijera leone|sierra leone|sijera leone|sl|sle
SM republic of san marino|republik san marino|republika san marino|san marino|sm|smr
SN republic of senegal|republik senegal|republika senegal|sen|senegal|sn
SO bundesrepublik somalia|federal republic of somalia|savezna republika somalija|so|som|somalia|somalija
SR republic of suriname|republik suriname|republika surinam|sr|sur|surinam|suriname
SS juzni sudan|republic of south sudan|republik sudsudan|republik suedsudan|republika juzni sudan|south sudan|ss|ssd|sudsudan|suedsudan
ST democratic republic of sao tome principe|demokratische republik sao tome principe|demokratska republika sveti toma princip|sao tome principe|st|stp|sveti toma princip
SV el salvador|republic of el salvador|republik el salvador|republika el salvador|salvador|slv|sv
SX dutch part|niederlandischer teil|nizozemski dio|saint martin niederlaendischer teil|saint martin niederlandischer teil|sint maarten|sint maarten dutch part|sveti martin nizozemski dio|sx|sxm
SY arabische republik syrien|sirija|sirijska arapska republika|sy|syr|syria|syrian arab republic|syrien|syrien arabische republik
SZ esvatini|eswatini|kingdom of eswatini|koenigreich eswatini|konigreich eswatini|kraljevina esvatini|svazi|swasiland|swaziland|swz|sz
TC otoci turks caicos|tc|tca|turks caicos islands|turks caicosinseln
TD cad|chad|republic of chad|republik tschad|republika cad|tcd|td|tschad
TF atf|francuski juzni teritoriji|franzoesische sued antarktisgebiete|franzosische sud antarktisgebiete|french southern territories|tf
TG republik togo|tg|tgo|togo|togoanska republika|togolese republic
TH kingdom of thailand|koenigreich thailand|konigreich thailand|kraljevina tajland|tajland|th|tha|thailand
TJ republic of tajikistan|republik tadschikistan|republika tadzikistan|tadschikistan|tadzikistan|tajikistan|tj|tjk
TK tk|tkl|tokelau
TL democratic republic of timor leste|demokratische republik timor leste|demokratska republika timor leste|east timor|istocni timor|osttimor|timor leste|tl|tls
TM tkm|tm|turkmenistan
TN republic of tunisia|republika tunis|tn|tun|tunesien|tunesische republik|tunis|tunisia
TO kingdom of tonga|koenigreich tonga|konigreich tonga|kraljevina tonga|to|ton|tonga
TR republic of tuerkiye|republic of turkiye|republik tuerkei|republik turkei|republika turska|tr|tuerkei|tuerkiye|tur|turkei|turkey|turkiye|turska
TT republic of trinidad tobago|republik trinidad tobago|republika trinidad tobago|trinidad tobago|tt|tto
TV tuv|tuvalu|tv
TW chinesische provinz taiwan|nr kina tajvan provincija|province of china taiwan|provincija nr kina|taiwan|taiwan chinesische provinz|taiwan province of china|tajvan|tajvan provincija|tajvan provincija nr kina|tw|twn
TZ tansania|tansania vereinigte republik|tanzania|tanzania united republic of|tanzanija|tz|tza|ujedinjena republika tanzanija|united republic of tanzania|vereinigte republik tansania
UA ua|ukr|ukraine|ukrajina
UG republic of uganda|republik uganda|republika uganda|ug|uga|uganda
UM americki mali izvanjski otoci|um|umi|united states minor outlying islands
US america|amerika|sad|sjedinjene americke drzave|sjedinjene drzave|united states|united states of america|us|usa|vereinigte staaten|vereinigte staaten von amerika
UY eastern republic of uruguay|istocna republika urugvaj|republik oestlich des uruguay|republik ostlich des uruguay|uruguay|urugvaj|ury|uy
UZ republic of uzbekistan|republik usbekistan|republika uzbekistan|usbekistan|uz|uzb|uzbekistan
VA drzava vatikanskoga grada|heiliger stuhl|heiliger stuhl staat vatikanstadt|holy see|holy see vatican city state|staat vatikanstadt|va|vat|vatican|vatican city|vatican city state|vatikan|vatikan drzava vatikanskoga grada|vatikanstadt
VC saint vincent die grenadinen|saint vincent grenadines|sveti vincent grenadini|vc|vct
VE bolivarian republic of venezuela|bolivarijanska republika venezuela|bolivarische republik venezuela|bolivarska republika venezuela|ve|ven|venezuela|venezuela bolivarian republic of|venezuela bolivarische republik|venezuela bolivarska republika
VG britanski djevicanski otoci|britische jungferninseln|british virgin islands|djevicanski otoci britanski|vg|vgb|virgin islands british
VI americki djevicanski otoci|amerikanische jungferninseln|djevicanski otoci sad|sad djevicanski otoci|us virgin islands|vi|vir|virgin islands of united states|virgin islands us
VN socialist republic of viet nam|socijalisticka republika vijetnam|sozialistische republik vietnam|viet nam|vietnam|vijetnam|vn|vnm
VU republic of vanuatu|republik vanuatu|republika vanuatu|vanuatu|vu|vut
WF wallis futuna|wf|wlf
WS independent state of samoa|nezavisna drzava samoa|samoa|unabhaengiger staat samoa|unabhangiger staat samoa|ws|wsm
XK kosovo|xk|xkx
YE jemen|republic of yemen|republik jemen|republika jemen|ye|yem|yemen
YT mayotte|myt|yt
ZA juznoafricka republika|republic of south africa|republik sudafrika|republik suedafrika|republika juzna afrika|south africa|sudafrika|suedafrika|za|zaf
ZM republic of zambia|republik sambia|republika zambija|sambia|zambia|zambija|zm|zmb
ZW republic of zimbabwe|republik simbabwe|republika zimbabve|simbabwe|zimbabve|zimbabwe|zw|zwe
"""
