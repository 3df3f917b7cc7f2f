"""Name pools for crossgen.

Format: one name per line, ``PRIMARY WEIGHT [key=value ...]``.
PRIMARY is the name in the pool's primary orthography (given in POOLS
below).  key=value attributes (values may be comma lists):

  ru    Russian-Cyrillic spelling(s) when not a letter-by-letter fold
  uk/be Ukrainian / Belarusian Cyrillic form
  uz/az/ro/de/ko  native Latin form (Uzbek, Azerbaijani, Romanian, German,
        Korean-as-written-in-the-West)
  tj    Tajik Cyrillic cognate
  intl  Western forms of the name (Alexander, Alexandre ...)
  dim   Russian diminutive(s)
  alias Russian name used by bearers of a Kazakh name (Серік -> Сергей)
  kkalt alternative Kazakh spellings of the same name
  pm/pf Russian patronymic (male/female) when not regular
  e     eras where the name is common: o = born before 1965,
        m = 1965-1989, y = 1990 and later (default: all)

SOURCES.  The names themselves are ordinary public knowledge.  The weights
are the author's own approximation, informed by published popularity and
frequency lists: the annual lists of most frequent newborn names published
by the Kazakhstan Ministry of Justice / Bureau of National Statistics; the
frequency list of Russian surnames by A. F. Zhuravlev (1988, as reproduced
by B. O. Unbegaun-style surname literature) and the Balanovska et al. 2005
regional surname lists; Ukrainian surname frequency lists published from the
Ukrainian voter register; Uzbek, Kyrgyz, Tajik, Azerbaijani and Moldovan
popular-name lists published by their statistics offices and press.  No list
was copied; ranks and weights are rounded guesses.
"""

KZ_MALE = """
Нұрлан 25 e=m
Ерлан 25 e=m
Ержан 20 e=m
Серік 20 ru=Серик alias=Сергей e=om
Болат 18 e=om
Бауыржан 18 ru=Бауржан,Бауыржан e=m
Қайрат 22 e=om
Асхат 10 e=m
Асқар 12 e=m
Айдар 14
Ерболат 12 e=m
Мұрат 18 e=om uz=Murod tj=Мурод az=Murad
Марат 18 e=om
Талғат 14 e=om
Дәурен 14 e=m
Дархан 14 e=my
Алмас 12 e=my
Алмаз 4 e=my
Арман 16 e=my
Қанат 16 e=om
Нұрбол 10 e=my
Жандос 10 e=my
Жасұлан 6 e=m
Ерасыл 14 e=y
Нұрасыл 8 e=y
Әли 8 e=y uz=Ali tj=Алӣ az=Əli
Әлихан 12 e=y
Ансар 8 e=y
Айбек 12 e=my
Бекзат 10 e=y
Дамир 14 e=my
Данияр 14 e=my
Ерік 8 ru=Ерик alias=Эрик e=om
Ерназар 8 e=y
Ернар 10 e=y
Ерсұлтан 6 e=y
Жанболат 6 e=m
Жанбұлат 4
Жомарт 6 e=m
Ислам 8 e=y uz=Islom tj=Ислом az=İslam
Қуаныш 12 e=m
Мақсат 10 e=m
Мейрам 8 e=m
Мұхтар 8 e=om uz=Muxtor tj=Мухтор
Нұржан 10 e=m
Олжас 10 e=my
Рустем 8 e=m
Руслан 10 e=my
Самат 8 e=m
Санжар 10 e=y
Саят 6 e=y
Сұлтан 8 e=y uz=Sulton tj=Султон
Темірлан 12 e=y
Тимур 12 e=my uz=Temur tj=Темур az=Teymur
Ұлан 4 e=m
Ғалым 8 e=om
Ғабит 4 e=o
Бақыт 10 e=om
Бақытжан 8 e=m
Бекжан 6
Берік 14 e=om ru=Берик
Ақылбек 4 e=o
Әділет 8 e=y
Абылай 8 e=y
Абай 8
Ахмет 6 e=o uz=Ahmad tj=Аҳмад az=Əhməd
Әсет 6 e=my
Дулат 6
Ерсін 6
Есен 5 e=o
Жақсылық 4 e=o
Жеңіс 8 e=o
Қасым 6 e=o uz=Qosim tj=Қосим az=Qasım
Мағжан 5 e=my
Медет 6 e=m
Мирас 10 e=y
Мұхаммед 10 e=y ru=Мухаммед,Мухамед uz=Muhammad tj=Муҳаммад az=Məhəmməd
Нұрдәулет 6 e=y
Омар 6 uz=Umar tj=Умар az=Ömər
Өмірзақ 4 e=o
Рахат 6 e=m
Сабыр 4 e=o
Сағат 4 e=o
Сәкен 6 e=o
Сырым 6 e=m
Тұрсын 6 e=o
Шыңғыс 6 e=y alias=Чингиз
Ілияс 8 e=my ru=Ильяс,Илияс alias=Илья
Бағдат 5 e=m
Бейбіт 8 e=m
Әлібек 5
Ерғали 5 e=o
Жарас 4
Жұмабек 4 e=o
Кенжебек 4 e=o
Төлеген 8 e=o
Төребек 3 e=o
Ұзақ 3 e=o
Шерхан 5 e=y
Азамат 14 e=my
Әмір 6 e=y uz=Amir tj=Амир az=Əmir
Нұрислам 6 e=y
Райымбек 5 e=y
Бексұлтан 5 e=y
Диас 6 e=y
Әбдірахман 4 e=o ru=Абдрахман,Абдурахман uz=Abdurahmon tj=Абдураҳмон az=Əbdürrəhman
Мұқан 3 e=o
Жұмағали 3 e=o
Сейітқали 3 e=o
Оспан 4 e=o
Тоқтар 4 e=o
Нығмет 3 e=o
Сағындық 4 e=o
Тұрар 3 e=o
Кәрім 4 e=o uz=Karim tj=Карим az=Kərim
Қуандық 5 e=m
Бекболат 5 e=m
Мейірхан 3 e=y
Нұрсұлтан 12 e=y
Алпамыс 3 e=y
Дәулет 6 e=m ru=Даулет
Жанат 8 e=m
Аслан 6 e=y
Ертай 3
Нұртас 3 e=m
Ақжол 4 e=y
Дастан 6 e=y
Әмірхан 4 e=y
Рамазан 5 e=my uz=Ramazon tj=Рамазон az=Ramazan
Бекнұр 5 e=y
Нұрым 3 e=y
Асан 4 e=o uz=Hasan tj=Ҳасан az=Həsən
Үсен 3 e=o uz=Husan tj=Ҳусейн az=Hüseyn
"""

KZ_FEMALE = """
Айгерім 20 e=my kkalt=Әйгерім
Айгүл 18 ru=Айгуль,Айгул e=om
Гүлнар 12 ru=Гульнар e=om
Гүлнара 14 ru=Гульнара e=m uz=Gulnora tj=Гулнора az=Gülnarə
Гүлмира 12 ru=Гульмира e=m
Гүлжан 8 ru=Гульжан e=o
Гүлнұр 6 ru=Гульнур e=my
Гүлім 4 e=m
Әлия 12 e=my az=Əliyə
Айнұр 10 e=my
Айжан 8 e=my
Ақмарал 6 e=m
Әсел 10 ru=Асель,Асел e=my
Аружан 14 e=y
Балжан 5 e=o
Ботагөз 6 e=m
Дана 8 e=y
Дина 10 e=my
Динара 12 e=m
Жанар 10 e=m
Жанна 8 e=m
Жұлдыз 12 e=m
Зарина 8 e=y
Индира 8 e=m
Камила 8 e=y
Қарлығаш 4 e=o
Ләззат 8 ru=Ляззат,Лаззат e=m
Мадина 12 kkalt=Мәдина e=my
Меруерт 10 e=m
Назерке 8 e=y
Назым 6 e=y
Нұргүл 6 ru=Нургуль e=m
Сәуле 10 e=m
Салтанат 10 e=m
Сандуғаш 4 e=m
Толқын 4 e=m
Томирис 6 e=y
Ұлжан 4 e=m
Ұлпан 3 e=y
Шынар 5 e=m
Шолпан 8 e=om
Жазира 6 e=m
Гауһар 8 ru=Гаухар e=m
Ләйлә 4 ru=Ляйля,Лейла e=y uz=Laylo tj=Лайло az=Leyla
Мөлдір 8 e=my
Әсем 6 e=y
Аяулым 8 e=y
Айым 3 e=y
Жібек 3 e=o
Бибігүл 4 ru=Бибигуль e=o
Күләш 4 e=o
Роза 8 e=o
Раушан 5 e=o
Алтынай 3 e=m
Ақбота 4 e=y
Ақерке 4 e=y
Дариға 4 e=m
Данагүл 3 ru=Данагуль e=m
Ғалия 5 e=o
Гүлшат 4 ru=Гульшат e=m
Дәметкен 2 e=o
Зәуре 5 e=o
Күлпаш 2 e=o
Мақпал 4 e=m
Нұржамал 2 e=o
Перизат 4 e=my
Сабина 6 e=y
Самал 5 e=my
Сымбат 5 e=y
Тоғжан 3 e=y
Үміт 4 e=o
Фариза 3 e=m
Айдана 8 e=y
Інжу 3 e=y
Жансая 5 e=y
Аида 6 e=my
Анель 6 e=y
Маржан 4 e=m
Несібелі 2 e=y
Нұрсұлу 3 e=m
Айару 6 e=y
Іңкәр 4 e=y
Ақниет 3 e=y
Баян 3 e=o
Бану 4 e=y
Гүлзада 3 ru=Гульзада e=m
Айсұлу 4 e=my
Нәзира 2 e=m
Эльмира 6 e=m
Алина 6 e=y
Диана 6 e=y
Амина 6 e=y
Кәмшат 3 e=m
Гүлсім 3 ru=Гульсим e=o
Сара 3 e=o
Күнсұлу 2 e=o
"""

# Kazakh surname roots (a forefather's name); the surname is ROOT+ов/ев,
# the bare ROOT, or ROOT+ұлы/қызы.  ru = Russian spelling of the root when it
# is not a plain fold (Ысқақ -> Искак, Жүсіп -> Юсуп).
KZ_SURNAME_ROOTS = """
Ахмет 14
Омар 10
Әбдірахман 8 ru=Абдрахман
Сүлеймен 10 ru=Сулеймен
Ысқақ 8 ru=Искак
Жұмабай 12
Қасым 10
Ысмайыл 6 ru=Исмаил
Серікбай 4
Нұрлан 3
Бекмұханбет 3 ru=Бекмуханбет
Тоқа 4
Назарбай 3
Сәрсенбай 6
Құнанбай 2
Жақсыбек 3
Әлімжан 3 ru=Алимжан
Байжан 4
Ержан 3
Оспан 6
Мұхамеджан 4
Тұрсын 6
Әубәкір 4 ru=Абубакир
Жүсіп 6 ru=Юсуп
Махмұт 4
Байтұрсын 3
Нұрмағамбет 3
Дүйсенбай 5 ru=Дюсенбай
Тілеубай 3 ru=Тлеубай
Әбен 3
Ибрай 4
Сейіт 4 ru=Сеит
Мұса 6
Иса 4
Қали 4
Рахым 5 ru=Рахим
Кәрім 5 ru=Карим
Сапар 4
Балтабай 3
Қожахмет 3
Бейсен 4
Есен 5
Ерғали 3
Төлеген 4 ru=Тулеген
Шәкен 2
Оразбай 4
Әбіш 3
Нұғман 3
Бөкей 3 ru=Букей
Есім 3
Жанбұлат 3
Ұзақ 2
Смағұл 3
Бекболат 3
Мырзахмет 3
Тәжібай 3 ru=Таджибай
Жолдасбек 3
Ермек 3
Айтбай 3
Сәтбай 2 ru=Сатпай
Қонай 2 ru=Кунай
Сұлтан 4
Мәмет 3
Дәулет 3
Әли 5
Жақып 4 ru=Жакуп
Құрман 3
Нұртаза 2
Кенжебай 3
Садық 4
Жұмағұл 3
Байғали 2
Бекет 3
Шаймерден 2
Қуаныш 3
Асан 4
Үсен 3
Жармұхамед 2
Сейітқали 2 ru=Сеиткали
Амангелді 3
Бердібек 3
Әбілқасым 2 ru=Абилкасым
Тұрғанбай 2
Исабек 3
Елубай 2
Мақаш 2
"""

RU_MALE = """
Александр 50 uk=Олександр be=Аляксандр ro=Alexandru intl=Alexander,Alexandre dim=Саша
Сергей 45 uk=Сергій be=Сяргей ro=Serghei intl=Serge,Sergej dim=Серёжа e=om
Владимир 35 uk=Володимир be=Уладзімір ro=Vladimir intl=Wladimir,Vladimir dim=Вова e=om
Андрей 35 uk=Андрій be=Андрэй ro=Andrei intl=Andreas,André dim=Андрюша
Алексей 32 uk=Олексій be=Аляксей ro=Alexei intl=Alexej,Alexis dim=Лёша
Дмитрий 32 uk=Дмитро be=Дзмітрый ro=Dumitru intl=Dmitri,Dimitri dim=Дима pm=Дмитриевич pf=Дмитриевна e=my
Николай 25 uk=Микола be=Мікалай ro=Nicolae intl=Nikolai,Nicolas dim=Коля e=o
Виктор 25 uk=Віктор be=Віктар ro=Victor intl=Viktor dim=Витя e=om
Игорь 20 uk=Ігор be=Ігар ro=Igor e=m
Евгений 22 uk=Євген be=Яўген ro=Evghenii intl=Eugen,Eugène dim=Женя
Михаил 20 uk=Михайло be=Міхаіл ro=Mihail intl=Michael,Michel dim=Миша pm=Михайлович pf=Михайловна
Юрий 18 uk=Юрій be=Юрый ro=Iurie intl=Juri,Youri dim=Юра e=o
Олег 15 uk=Олег be=Алег ro=Oleg e=m
Павел 15 uk=Павло be=Павел ro=Pavel intl=Paul dim=Паша pm=Павлович pf=Павловна
Иван 18 uk=Іван be=Іван ro=Ion intl=Iwan dim=Ваня
Анатолий 14 uk=Анатолій be=Анатоль ro=Anatolie dim=Толя e=o
Василий 12 uk=Василь be=Васіль ro=Vasile dim=Вася e=o
Валерий 12 uk=Валерій be=Валерый ro=Valeriu e=om
Геннадий 10 uk=Геннадій be=Генадзь ro=Ghenadie e=o
Вячеслав 10 uk=В'ячеслав be=Вячаслаў ro=Veaceslav dim=Слава e=m
Станислав 8 uk=Станіслав be=Станіслаў ro=Stanislav e=m
Константин 12 uk=Костянтин be=Канстанцін ro=Constantin intl=Konstantin dim=Костя
Максим 20 uk=Максим be=Максім ro=Maxim intl=Maxim,Maxime e=y
Артём 18 uk=Артем be=Арцём ro=Artiom intl=Artiom e=y
Денис 14 uk=Денис be=Дзяніс ro=Denis intl=Denis e=my
Роман 14 uk=Роман be=Раман ro=Roman e=my
Антон 12 uk=Антон be=Антон ro=Anton intl=Antoine e=my
Кирилл 12 uk=Кирило be=Кірыл ro=Chiril intl=Kyrill e=y
Никита 12 uk=Микита be=Мікіта ro=Nichita pm=Никитич pf=Никитична e=y
Илья 12 uk=Ілля be=Ілья ro=Ilia pm=Ильич pf=Ильинична e=y
Даниил 10 uk=Данило be=Данііл ro=Daniil intl=Daniel e=y
Егор 8 uk=Єгор be=Ягор ro=Egor e=y
Вадим 10 uk=Вадим be=Вадзім ro=Vadim e=m
Виталий 10 uk=Віталій be=Віталь ro=Vitalie e=m
Григорий 8 uk=Григорій be=Рыгор ro=Grigore e=o
Пётр 8 uk=Петро be=Пётр ro=Petru intl=Peter,Pierre pm=Петрович pf=Петровна e=o
Борис 8 uk=Борис be=Барыс ro=Boris e=o
Леонид 8 uk=Леонід be=Леанід ro=Leonid e=o
Валентин 6 uk=Валентин be=Валянцін ro=Valentin e=o
Георгий 6 uk=Георгій be=Георгій ro=Gheorghe pm=Георгиевич pf=Георгиевна e=o
Фёдор 6 uk=Федір be=Фёдар ro=Fiodor e=o
Степан 5 uk=Степан be=Сцяпан ro=Stepan e=o
Тимур 10 be=Цімур ro=Timur e=my
Руслан 12 e=my
Артур 8 e=my
Эдуард 6 uk=Едуард be=Эдуард ro=Eduard e=m
Ярослав 4 uk=Ярослав be=Яраслаў ro=Iaroslav e=y
Владислав 10 uk=Владислав be=Уладзіслаў ro=Vladislav dim=Влад e=y
Семён 4 uk=Семен be=Сямён ro=Semion e=o
Яков 3 uk=Яків be=Якаў ro=Iacov e=o
Аркадий 3 uk=Аркадій be=Аркадзь ro=Arcadie e=o
Лев 3 uk=Лев be=Леў ro=Lev pm=Львович pf=Львовна
Матвей 6 uk=Матвій be=Мацвей ro=Matvei e=y
Тимофей 5 uk=Тимофій be=Цімафей ro=Timofei e=y
Глеб 4 uk=Гліб be=Глеб ro=Gleb e=y
Богдан 4 be=Багдан ro=Bogdan e=y
Марк 4 ro=Marc e=y
Арсений 4 uk=Арсеній be=Арсеній ro=Arsenii e=y
Ростислав 3 uk=Ростислав be=Расціслаў ro=Rostislav e=my
Тарас 2 be=Тарас ro=Taras
"""

RU_FEMALE = """
Елена 40 uk=Олена be=Алена ro=Elena intl=Helene,Jelena dim=Лена
Ольга 35 uk=Ольга be=Вольга ro=Olga dim=Оля
Наталья 35 ru=Наталья,Наталия uk=Наталія be=Наталля ro=Natalia intl=Natalie,Nathalie dim=Наташа
Татьяна 32 uk=Тетяна be=Таццяна ro=Tatiana intl=Tatjana dim=Таня
Ирина 30 uk=Ірина be=Ірына ro=Irina dim=Ира
Светлана 28 uk=Світлана be=Святлана ro=Svetlana dim=Света e=om
Анна 28 uk=Ганна,Анна be=Ганна ro=Ana intl=Anne dim=Аня
Екатерина 25 uk=Катерина be=Кацярына ro=Ecaterina intl=Katharina,Catherine dim=Катя
Мария 22 uk=Марія be=Марыя ro=Maria intl=Marie dim=Маша
Юлия 20 uk=Юлія be=Юлія ro=Iulia intl=Julia dim=Юля e=my
Анастасия 20 uk=Анастасія be=Анастасія ro=Anastasia dim=Настя e=y
Дарья 15 ru=Дарья,Дария uk=Дарина,Дар'я be=Дар'я ro=Daria e=y
Людмила 18 uk=Людмила be=Людміла ro=Ludmila dim=Люда e=o
Галина 18 uk=Галина be=Галіна ro=Galina dim=Галя e=o
Валентина 15 uk=Валентина be=Валянціна ro=Valentina dim=Валя e=o
Надежда 14 uk=Надія be=Надзея ro=Nadejda dim=Надя e=o
Любовь 12 uk=Любов be=Любоў ro=Liubovi dim=Люба e=o
Нина 12 uk=Ніна be=Ніна ro=Nina e=o
Тамара 10 be=Тамара ro=Tamara e=o
Лариса 10 be=Ларыса ro=Larisa e=m
Марина 15 be=Марына ro=Marina e=m
Оксана 14 be=Аксана ro=Oxana e=m
Алла 6 be=Ала ro=Ala e=m
Инна 6 uk=Інна be=Іна ro=Ina e=m
Вера 8 uk=Віра be=Вера ro=Vera e=o
Зинаида 5 uk=Зінаїда be=Зінаіда ro=Zinaida e=o
Раиса 6 uk=Раїса be=Раіса ro=Raisa e=o
Лидия 6 uk=Лідія be=Лідзія ro=Lidia e=o
Евгения 8 uk=Євгенія be=Яўгенія ro=Evghenia e=my
Ксения 10 uk=Ксенія be=Ксенія ro=Xenia intl=Xenia e=y
Алина 14 uk=Аліна be=Аліна ro=Alina e=y
Виктория 14 uk=Вікторія be=Вікторыя ro=Victoria intl=Viktoria e=y
Кристина 10 uk=Христина be=Крысціна ro=Cristina intl=Christina e=y
Полина 8 uk=Поліна be=Паліна ro=Polina intl=Pauline e=y
Елизавета 8 uk=Єлизавета be=Лізавета ro=Elizaveta intl=Elisabeth e=y
Вероника 6 uk=Вероніка be=Вераніка ro=Veronica e=y
Диана 10 uk=Діана be=Дзіяна ro=Diana e=y
Софья 8 ru=Софья,София uk=Софія be=Сафія ro=Sofia intl=Sophie e=y
Ангелина 6 uk=Ангеліна be=Ангеліна ro=Anghelina e=y
Яна 6 be=Яна ro=Iana e=y
Олеся 5 be=Алеся ro=Olesea e=my
Жанна 6 be=Жанна ro=Jana intl=Jeanne e=m
Антонина 5 uk=Антоніна be=Антаніна ro=Antonina e=o
Клавдия 3 uk=Клавдія be=Клаўдзія ro=Claudia e=o
Маргарита 5 be=Маргарыта ro=Margareta e=m
Валерия 5 uk=Валерія be=Валерыя ro=Valeria e=y
Снежана 3 uk=Сніжана be=Снежана ro=Snejana e=my
Эльвира 4 uk=Ельвіра be=Эльвіра ro=Elvira e=m
Регина 3 uk=Регіна be=Рэгіна ro=Regina e=my
Алёна 5 uk=Альона be=Алёна ro=Aliona e=my
Арина 4 uk=Арина be=Арына ro=Arina e=y
Александра 4 uk=Олександра be=Аляксандра ro=Alexandra intl=Alexandra dim=Саша e=y
Соломия 1 uk=Соломія be=Саламея ro=Solomia e=y
"""

RU_SURNAMES = """
Иванов 40
Смирнов 30
Кузнецов 28
Попов 25
Васильев 22
Петров 22
Соколов 20
Михайлов 18
Новиков 17
Фёдоров 16
Морозов 16
Волков 15
Алексеев 14
Лебедев 14
Семёнов 13
Егоров 12
Павлов 12
Козлов 12
Степанов 11
Николаев 11
Орлов 10
Андреев 10
Макаров 10
Никитин 10
Захаров 9
Зайцев 9
Соловьёв 9
Борисов 9
Яковлев 8
Григорьев 8
Романов 8
Воробьёв 8
Сергеев 8
Кузьмин 8
Фролов 7
Александров 7
Дмитриев 7
Королёв 7
Гусев 7
Киселёв 7
Ильин 7
Максимов 7
Поляков 6
Сорокин 6
Виноградов 6
Ковалёв 6
Белов 6
Медведев 6
Антонов 6
Тарасов 6
Жуков 6
Баранов 6
Филиппов 5
Комаров 5
Давыдов 5
Беляев 5
Герасимов 5
Богданов 5
Осипов 5
Сидоров 5
Матвеев 5
Титов 5
Марков 5
Миронов 5
Крылов 5
Куликов 5
Карпов 5
Власов 5
Мельников 5
Денисов 4
Гаврилов 4
Тихонов 4
Казаков 4
Афанасьев 4
Данилов 4
Савельев 4
Тимофеев 4
Фомин 4
Чернов 4
Абрамов 4
Мартынов 4
Ефимов 4
Федотов 4
Щербаков 4
Назаров 4
Калинин 4
Исаев 4
Чернышёв 3
Быков 3
Маслов 3
Родионов 3
Коновалов 3
Лазарев 3
Воронин 3
Климов 3
Филатов 3
Пономарёв 3
Голубев 3
Кудрявцев 3
Прохоров 3
Наумов 3
Потапов 3
Журавлёв 3
Овчинников 3
Трофимов 3
Леонов 3
Соболев 3
Ермаков 3
Колесников 3
Гончаров 3
Емельянов 3
Никифоров 3
Грачёв 2
Котов 2
Гришин 2
Ефремов 2
Архипов 2
Громов 2
Кириллов 2
Малышев 2
Панов 2
Моисеев 2
Румянцев 2
Акимов 2
Кондратьев 2
Бирюков 2
Горбунов 2
Анисимов 2
Ерёмин 2
Тихомиров 2
Галкин 2
Лукьянов 2
Михеев 2
Скворцов 2
Юдин 2
Белоусов 2
Нестеров 2
Симонов 2
Прокофьев 2
Харитонов 2
Князев 2
Цветков 2
Левин 2
Митрофанов 2
Воронов 2
Аксёнов 2
Мальцев 2
Логинов 2
Горшков 2
Савин 2
Краснов 2
Майоров 2
Демидов 2
Елисеев 2
Рыбаков 2
Сафонов 2
Плотников 2
Дёмин 2
Хохлов 2
Жданов 2
Носов 2
Широков 2
Шишкин 2
Зимин 2
Лапин 2
Вишневский 2
Ковальский 1
Толстой 1
Черных 2
Белых 2
Седых 1
Коваленко 3
Шевченко 3
Бондаренко 3
Ткаченко 2
Кравченко 2
Кравчук 1
Мельниченко 1
Кириленко 1
"""

# Ukrainian surnames: Ukrainian spelling, ru = Russian spelling if different.
UA_SURNAMES = """
Шевченко 20
Коваленко 16
Бондаренко 15
Ткаченко 12
Кравченко 11
Олійник 10 ru=Олейник
Шевчук 10
Коваль 10
Поліщук 8 ru=Полищук
Бойко 10
Ткачук 8
Марченко 8
Мельник 12
Мороз 8
Лисенко 7 ru=Лысенко
Кравчук 7
Савченко 7
Руденко 7
Петренко 7
Литвиненко 6
Гончаренко 6
Сидоренко 6
Павленко 6
Кузьменко 6
Ковальчук 8
Романенко 5
Левченко 5
Клименко 6
Приходько 5
Гаврилюк 5
Мельничук 5
Дяченко 4 ru=Дьяченко
Кириленко 4
Іваненко 4 ru=Иваненко
Яковенко 4
Карпенко 4
Максименко 4
Білоус 3 ru=Белоус
Гребенюк 3
Сергієнко 3 ru=Сергиенко
Тимошенко 4
Костенко 4
Онищенко 3 ru=Онищенко
Захарченко 3
Степаненко 3
Нестеренко 3
Григоренко 3
Федоренко 3
Бондар 4 ru=Бондарь
Кучер 3
Шаповал 3
Гнатюк 3
Стасюк 2
Семенюк 3
Вакуленко 2
Пономаренко 4
Антонюк 3
Бабенко 3
Хоменко 3
Головко 3
Вишневський 3 ru=Вишневский
Яворський 2 ru=Яворский
Ковальський 2 ru=Ковальский
"""

BY_SURNAMES = """
Навіцкі 5 ru=Новицкий
Мельнік 6 ru=Мельник
Шарэйка 4 ru=Шарейко
Жук 6 ru=Жук
Кавалёў 8 ru=Ковалёв
Кавалевіч 5 ru=Ковалевич
Новік 7 ru=Новик
Макарэвіч 5 ru=Макаревич
Лукашэвіч 5 ru=Лукашевич
Карповіч 5 ru=Карпович
Клімовіч 5 ru=Климович
Ярашэвіч 4 ru=Ярошевич
Бондар 4 ru=Бондарь
Казлоўскі 5 ru=Козловский
Пашкевіч 5 ru=Пашкевич
Цярэшчанка 4 ru=Терещенко
Васілеўскі 4 ru=Василевский
Шыманскі 3 ru=Шиманский
Жукоўскі 4 ru=Жуковский
Бабіч 4 ru=Бабич
Гурыновіч 3 ru=Гуринович
Мінкевіч 3 ru=Минкевич
Кузьміч 4 ru=Кузьмич
Навумчык 3 ru=Наумчик
Дземідовіч 3 ru=Демидович
Савіцкі 4 ru=Савицкий
Марозаў 5 ru=Морозов
Іваноў 6 ru=Иванов
Козел 2 ru=Козел
Лявонаў 2 ru=Леонов
"""

UZ_MALE = """
Alisher 14 ru=Алишер
Sherzod 10 ru=Шерзод
Jasur 8 ru=Жасур,Джасур
Rustam 10 ru=Рустам
Farrux 8 ru=Фаррух
Dilshod 8 ru=Дильшод,Дилшод
Sardor 10 ru=Сардор
Otabek 8 ru=Отабек
Ulugʻbek 8 ru=Улугбек
Akmal 7 ru=Акмал,Акмаль
Bobur 8 ru=Бобур
Doniyor 7 ru=Даниёр,Дониёр
Javlon 5 ru=Жавлон
Shohruh 6 ru=Шохрух
Azizbek 6 ru=Азизбек
Baxtiyor 7 ru=Бахтиёр,Бахтияр
Botir 5 ru=Батыр,Ботир
Anvar 6 ru=Анвар
Shavkat 6 ru=Шавкат
Ravshan 6 ru=Равшан
Ilhom 5 ru=Ильхом,Ильхам
Bekzod 6 ru=Бекзод
Jamshid 7 ru=Джамшид,Жамшид
Sanjar 6 ru=Санжар
Abdulla 6 ru=Абдулла
Oybek 6 ru=Ойбек
Nodir 5 ru=Нодир,Надир
Sobir 4 ru=Собир,Сабир
Zafar 5 ru=Зафар
Mansur 5 ru=Мансур
Hamid 4 ru=Хамид
Islom 5 ru=Ислам
Tohir 4 ru=Тахир,Тохир
Umid 5 ru=Умид
Sarvar 5 ru=Сарвар
Xurshid 5 ru=Хуршид
Muhammad 6 ru=Мухаммад
Temur 5 ru=Тимур,Темур
"""

UZ_FEMALE = """
Dilnoza 10 ru=Дильноза,Дилноза
Gulnora 8 ru=Гульнора
Nilufar 8 ru=Нилуфар
Madina 8 ru=Мадина
Shahnoza 8 ru=Шахноза
Zarina 7 ru=Зарина
Feruza 7 ru=Феруза
Malika 8 ru=Малика
Mohira 6 ru=Мохира
Nodira 6 ru=Нодира
Sevara 7 ru=Севара
Mavluda 4 ru=Мавлюда
Dildora 5 ru=Дилдора
Yulduz 5 ru=Юлдуз
Gulchehra 4 ru=Гульчехра
Dilfuza 4 ru=Дилфуза
Kamola 5 ru=Камола
Shoira 3 ru=Шоира
Barno 3 ru=Барно
Zuhra 4 ru=Зухра
Muxlisa 3 ru=Мухлиса
Nargiza 6 ru=Наргиза
Lola 5 ru=Лола
Umida 4 ru=Умида
Saida 4 ru=Саида
Oydin 3 ru=Ойдин
Gulbahor 3 ru=Гульбахор
Munisa 4 ru=Муниса
"""

UZ_SURNAMES = """
Yusupov 8 ru=Юсупов
Rahimov 7 ru=Рахимов
Karimov 8 ru=Каримов
Tursunov 7 ru=Турсунов
Ismoilov 7 ru=Исмаилов
Aliyev 8 ru=Алиев
Abdullayev 8 ru=Абдуллаев
Sodiqov 5 ru=Садыков,Содиков
Xolmatov 4 ru=Холматов
Yoʻldoshev 5 ru=Юлдашев
Ergashev 6 ru=Эргашев
Nazarov 6 ru=Назаров
Mirzayev 5 ru=Мирзаев
Qodirov 5 ru=Кадыров,Кодиров
Hasanov 5 ru=Хасанов
Usmonov 5 ru=Усманов
Rustamov 5 ru=Рустамов
Saidov 5 ru=Саидов
Umarov 6 ru=Умаров
Joʻrayev 5 ru=Джураев,Жураев
Xudoyberdiyev 3 ru=Худайбердиев
Toshmatov 4 ru=Ташматов
Gʻofurov 3 ru=Гафуров
Sharipov 4 ru=Шарипов
Qosimov 4 ru=Касымов
Valiyev 3 ru=Валиев
Ahmedov 5 ru=Ахмедов
Murodov 3 ru=Мурадов
Boboyev 4 ru=Бабаев
Normatov 3 ru=Норматов
Abdurahmonov 4 ru=Абдурахманов
Mahmudov 4 ru=Махмудов
Sultonov 4 ru=Султанов
"""

UY_MALE = """
Ахмеджан 6
Алимжан 6
Дильшат 5
Шавкат 5
Тургун 4
Кадыр 4
Илахун 3
Мухтар 4
Рашид 4
Арслан 4
Пархат 4
Нурмамат 3
Азат 4
Дилмурат 4
Ильяр 3
Мурат 4
Абдурешит 3
Ерпан 2
Махмут 3
Исмаил 3
"""

UY_FEMALE = """
Гульнара 6
Дильназ 4
Патима 4
Мунира 4
Зульфия 5
Айгуль 4
Рашида 3
Мадина 4
Гулиза 3
Назугум 2
Хурият 2
Мукаддас 2
Гульбахар 3
Дилярам 3
Шахида 3
Ираде 2
"""

UY_SURNAMES = """
Масимов 4
Тохтахунов 3
Исламов 4
Абдурахманов 4
Нуриев 3
Мамутов 4
Хакимов 3
Юсупов 4
Садыров 3
Исмаилов 3
Розахунов 2
Хамраев 3
Турсунов 3
Касымов 3
Кадыров 3
Имамов 2
Кулахметов 2
Абдуллаев 3
Аблимитов 2
Тахиров 2
"""

TT_MALE = """
Ринат 6
Рустем 5
Ильдар 5
Рамиль 5
Айрат 4
Марат 4
Ильшат 3
Радик 3
Тимур 4
Рафаэль 3
Фарид 3
Равиль 4
Рашит 3
Азат 3
Ильнур 3
Дамир 3
Рифат 3
Наиль 3
Ренат 4
Альберт 3
"""

TT_FEMALE = """
Гульнара 5
Альфия 4
Эльмира 4
Лилия 5
Гузель 5
Резеда 3
Ляйсан 3
Альбина 4
Динара 3
Зульфия 3
Гульшат 3
Венера 3
Рушания 2
Наиля 3
Роза 3
Алсу 3
Фарида 3
Раиля 2
"""

TT_SURNAMES = """
Галиев 4
Хайруллин 4
Сафин 4
Гарипов 3
Шарипов 3
Закиров 3
Валиев 3
Ахметзянов 3
Мухаметшин 3
Гилязов 2
Хабибуллин 3
Зарипов 3
Сабиров 3
Гатауллин 2
Мингазов 2
Файзуллин 3
Нуриев 3
Хасанов 3
Абдуллин 3
Ибрагимов 3
Сагитов 2
Шакиров 3
Каримов 3
"""

DE_SURNAMES = """
Шмидт 8 de=Schmidt
Миллер 8 de=Müller,Miller
Вагнер 5 de=Wagner
Вебер 5 de=Weber
Шнайдер 5 de=Schneider
Фишер 5 de=Fischer
Беккер 4 de=Becker
Гофман 4 de=Hoffmann
Келлер 4 de=Keller
Майер 4 de=Meyer,Mayer
Циммерман 3 de=Zimmermann
Шульц 3 de=Schulz
Рихтер 3 de=Richter
Кох 3 de=Koch
Краузе 3 de=Krause
Винтер 3 de=Winter
Ланг 2 de=Lang
Штейнер 2 de=Steiner
Герман 3 de=Hermann
Бауэр 3 de=Bauer
Функ 2 de=Funk
Реймер 2 de=Reimer
Дик 2 de=Dick
Классен 3 de=Klassen
Эпп 2 de=Epp
Нойфельд 2 de=Neufeld
Вольф 3 de=Wolf
Вайс 2 de=Weiss
Шварц 3 de=Schwarz
Браун 3 de=Braun
Гартман 2 de=Hartmann
"""

DE_MALE = """
Вольдемар 4 de=Woldemar e=o
Эдуард 4 de=Eduard
Роберт 4 de=Robert
Артур 3 de=Artur
Генрих 3 de=Heinrich e=o
Фридрих 2 de=Friedrich e=o
Эрнст 2 de=Ernst e=o
Андреас 2 de=Andreas e=y
"""

DE_FEMALE = """
Эмма 3 de=Emma
Фрида 2 de=Frieda e=o
Эльза 2 de=Elsa e=o
Ирма 2 de=Irma e=o
Эльвира 3 de=Elvira
Лидия 3 de=Lydia
Ирина 2 de=Irina
"""

KO_SURNAMES = """
Ким 30 ko=Kim
Пак 12 ko=Pak,Park
Ли 12 ko=Li,Lee
Цой 10 ko=Tsoi,Choi,Tsoy
Тен 5 ko=Ten
Хан 5 ko=Khan,Han
Шин 4 ko=Shin
Нам 4 ko=Nam
Югай 3 ko=Yugai
Тягай 2 ko=Tyagai
Ни 3 ko=Ni
Пан 2 ko=Pan
Хегай 3 ko=Khegai
Огай 3 ko=Ogai
Ан 3 ko=An
Лим 2 ko=Lim
"""

AZ_MALE = """
Elvin 6 ru=Эльвин
Rəşad 5 ru=Рашад
Orxan 6 ru=Орхан
Tural 5 ru=Турал
Kamran 5 ru=Камран
Elçin 5 ru=Эльчин
Vüqar 5 ru=Вугар
Ramil 4 ru=Рамиль
Fərid 5 ru=Фарид
Elnur 5 ru=Эльнур
Rauf 4 ru=Рауф
Anar 5 ru=Анар
Əli 5 ru=Али
Məhəmməd 4 ru=Магомед,Мамед
Hüseyn 4 ru=Гусейн
Həsən 4 ru=Гасан
İlham 4 ru=Ильхам
Nicat 4 ru=Ниджат
Ruslan 3 ru=Руслан
Elşən 4 ru=Эльшан
Natiq 3 ru=Натиг
Zaur 4 ru=Заур
Samir 4 ru=Самир
Emin 4 ru=Эмин
Murad 4 ru=Мурад
"""

AZ_FEMALE = """
Aygün 5 ru=Айгюн
Günel 5 ru=Гюнель
Leyla 5 ru=Лейла
Nərmin 4 ru=Нармин
Səbinə 4 ru=Сабина
Aysel 5 ru=Айсель
Könül 4 ru=Кёнюль
Ülviyyə 3 ru=Ульвия
Gülnar 4 ru=Гюльнар
Nigar 5 ru=Нигяр,Нигар
Sevinc 4 ru=Севиндж
Aytən 3 ru=Айтен
Lalə 4 ru=Лала
Səidə 3 ru=Саида
Fatimə 4 ru=Фатима
Zəhra 3 ru=Захра
Aynur 4 ru=Айнур
Nərgiz 4 ru=Наргиз
Təranə 3 ru=Терана
Şəbnəm 3 ru=Шабнам
"""

AZ_SURNAMES = """
Məmmədov 10 ru=Мамедов
Əliyev 10 ru=Алиев
Həsənov 8 ru=Гасанов
Hüseynov 8 ru=Гусейнов
Quliyev 6 ru=Кулиев
İsmayılov 6 ru=Исмаилов
Abbasov 5 ru=Аббасов
Cəfərov 5 ru=Джафаров
Rəhimov 4 ru=Рагимов
Nəsirov 4 ru=Насиров
Bağırov 5 ru=Багиров
Əhmədov 5 ru=Ахмедов
Süleymanov 4 ru=Сулейманов
Vəliyev 4 ru=Велиев
Hacıyev 4 ru=Гаджиев
Kərimov 4 ru=Керимов
Orucov 3 ru=Оруджев
Səfərov 3 ru=Сафаров
Qasımov 4 ru=Касумов
Nağıyev 3 ru=Нагиев
"""

KG_MALE = """
Бакыт 6
Азамат 6
Нурбек 6
Айбек 6
Эрлан 5
Улан 5
Мирлан 5
Бекболот 4
Таалай 4
Алмазбек 5
Үсөн 3 e=o
Өмүр 3
Чыңгыз 4
Темир 3
Нурлан 5
Эрмек 4
Канат 4
Тилек 4
Адилет 5 e=y
Элдияр 4 e=y
Нурсултан 4 e=y
Бектур 3
Максат 4
Арстан 3
Жоомарт 3
Курманбек 3 e=o
Садыр 3
Талант 4
Кубанычбек 3
Эмил 3 e=y
"""

KG_FEMALE = """
Айгүл 6
Гүлнара 5
Айпери 5 e=y
Жылдыз 6
Нургүл 5
Бермет 5
Чолпон 5
Айжан 5
Асель 5
Мээрим 5 e=y
Бурул 3 e=o
Айнура 5
Назгүл 5
Гүлзат 4
Айзада 4 e=y
Элмира 4
Жибек 3
Сезим 4 e=y
Каныкей 4
Динара 4
Алтынай 3
Мадина 3
Гүлмира 4
Айдай 3
"""

KG_SURNAMES = """
Асанов 5
Токтогулов 4
Жумабеков 5
Өмүрбеков 4
Үсөнов 4
Мамбетов 5
Сыдыков 5
Бакиев 3
Жээнбеков 3
Атамбаев 3
Турдубаев 4
Абдылдаев 4
Эсенбаев 3
Осмонов 5
Садыров 4
Ташиев 3
Кубатбеков 3
Абдыкадыров 3
Мамытов 4
Бейшеналиев 3
Иманалиев 3
Дүйшөнбиев 3
Токтосунов 3
Кадыров 4
Молдокматов 2
Алымкулов 3
Сарыбаев 3
Чотонов 2
Шаршенов 3
Эркинбаев 3
"""

TJ_MALE = """
Фирдавс 5 e=y
Далер 5
Фаррух 5
Сомон 3 e=y
Суҳроб 5
Рустам 6
Баҳтиёр 5
Шералӣ 4
Абдулло 5
Умед 5
Ҷамшед 5
Парвиз 5
Исмоил 4
Фируз 4
Манучеҳр 4
Шаҳром 3
Бахтовар 3
Зафар 4
Комрон 4
Алишер 4
Азиз 4
Муҳаммад 5
Хуршед 4
Фарҳод 4
Равшан 4
"""

TJ_FEMALE = """
Нигина 5
Мадина 5
Шаҳноза 5
Зарина 5
Фарзона 4
Манижа 4
Гулнора 4
Меҳрангез 3
Дилноза 4
Таҳмина 4
Парвина 4
Нилуфар 4
Малика 4
Зебо 3
Шабнам 3
Гулчеҳра 3
Мавзуна 3
Нодира 3
Фируза 3
Ситора 4
Сурайё 3
Мунира 3
Шаҳло 3
"""

TJ_SURNAMES = """
Раҳмонов 6
Саидов 6
Шарипов 5
Назаров 5
Каримов 5
Раҳимзода 4
Давлатов 4
Ҳасанов 4
Мирзоев 5
Қурбонов 5
Сафаров 4
Холов 3
Абдуллоев 4
Ҷӯраев 4
Шарифзода 4
Исмоилов 4
Одинаев 3
Иброҳимов 4
Юсуфов 3
Азизов 4
Бобоев 4
Раҳимов 4
Саидзода 3
Ашуров 3
Қодиров 3
Файзуллоев 3
Назарзода 3
Давлатзода 3
Раҳмон 2
Саидӣ 2
Ҷалилӣ 1
"""

MD_MALE = """
Ion 8 ru=Ион
Vasile 6 ru=Василе
Gheorghe 6 ru=Георге
Mihai 6 ru=Михай
Andrei 6 ru=Андрей
Sergiu 5 ru=Серджиу
Vladimir 5 ru=Владимир
Alexandru 6 ru=Александру
Nicolae 5 ru=Николае
Dumitru 5 ru=Думитру
Victor 5 ru=Виктор
Igor 4 ru=Игорь
Dorin 4 ru=Дорин
Vitalie 4 ru=Виталие
Constantin 4 ru=Константин
Valeriu 3 ru=Валериу
Petru 4 ru=Петру
Eugen 4 ru=Евген
Radu 3 ru=Раду
Octavian 2 ru=Октавиан
Iurie 4 ru=Юрие
Vadim 3 ru=Вадим
Cristian 3 ru=Кристиан e=y
Denis 3 ru=Денис e=y
"""

MD_FEMALE = """
Maria 8 ru=Мария
Elena 6 ru=Елена
Ana 5 ru=Ана
Natalia 6 ru=Наталья
Tatiana 5 ru=Татьяна
Olga 5 ru=Ольга
Svetlana 4 ru=Светлана
Ecaterina 4 ru=Екатерина
Ludmila 4 ru=Людмила
Irina 5 ru=Ирина
Doina 4 ru=Дойна
Mariana 4 ru=Мариана
Cristina 5 ru=Кристина e=y
Violeta 4 ru=Виолета
Angela 4 ru=Анжела
Valentina 4 ru=Валентина e=o
Aurelia 3 ru=Аурелия
Galina 3 ru=Галина e=o
Lilia 3 ru=Лилия
Corina 3 ru=Корина e=y
Veronica 3 ru=Вероника
Nadejda 3 ru=Надежда
Daniela 3 ru=Даниела e=y
"""

MD_SURNAMES = """
Rusu 6 ru=Русу
Ceban 5 ru=Чебан
Ciobanu 5 ru=Чобану
Țurcan 4 ru=Цуркан
Cebotari 4 ru=Чеботарь
Lungu 4 ru=Лунгу
Munteanu 4 ru=Мунтяну
Moraru 4 ru=Морару
Popa 4 ru=Попа
Rotaru 4 ru=Ротару
Sârbu 3 ru=Сырбу
Guțu 3 ru=Гуцу
Croitoru 3 ru=Кроитору
Bălan 4 ru=Бэлан,Балан
Cojocaru 4 ru=Кожокару
Melnic 3 ru=Мельник
Roșca 3 ru=Рошка
Grosu 3 ru=Гросу
Bivol 2 ru=Бивол
Ursu 3 ru=Урсу
Țîrdea 2 ru=Цырдя
Ungureanu 2 ru=Унгуряну
Postolachi 2 ru=Постолаки
Botnari 2 ru=Ботнарь
Căldare 2 ru=Кэлдаре
Lupu 3 ru=Лупу
Chiriac 2 ru=Кирияк
Sandu 3 ru=Санду
Plămădeală 1 ru=Пламадяла
Vrabie 2 ru=Врабие
"""

# (pool name, text, primary orthography, sex or None for surnames)
POOLS = [
    ("kz_m", KZ_MALE, "kk", "M"), ("kz_f", KZ_FEMALE, "kk", "F"),
    ("kz_root", KZ_SURNAME_ROOTS, "kk", None),
    ("ru_m", RU_MALE, "ru", "M"), ("ru_f", RU_FEMALE, "ru", "F"),
    ("ru_s", RU_SURNAMES, "ru", None),
    ("ua_s", UA_SURNAMES, "uk", None), ("by_s", BY_SURNAMES, "be", None),
    ("uz_m", UZ_MALE, "uz", "M"), ("uz_f", UZ_FEMALE, "uz", "F"),
    ("uz_s", UZ_SURNAMES, "uz", None),
    ("uy_m", UY_MALE, "ru", "M"), ("uy_f", UY_FEMALE, "ru", "F"),
    ("uy_s", UY_SURNAMES, "ru", None),
    ("tt_m", TT_MALE, "ru", "M"), ("tt_f", TT_FEMALE, "ru", "F"),
    ("tt_s", TT_SURNAMES, "ru", None),
    ("de_s", DE_SURNAMES, "ru", None), ("de_m", DE_MALE, "ru", "M"),
    ("de_f", DE_FEMALE, "ru", "F"), ("ko_s", KO_SURNAMES, "ru", None),
    ("az_m", AZ_MALE, "az", "M"), ("az_f", AZ_FEMALE, "az", "F"),
    ("az_s", AZ_SURNAMES, "az", None),
    ("kg_m", KG_MALE, "ky", "M"), ("kg_f", KG_FEMALE, "ky", "F"),
    ("kg_s", KG_SURNAMES, "ky", None),
    ("tj_m", TJ_MALE, "tj", "M"), ("tj_f", TJ_FEMALE, "tj", "F"),
    ("tj_s", TJ_SURNAMES, "tj", None),
    ("md_m", MD_MALE, "ro", "M"), ("md_f", MD_FEMALE, "ro", "F"),
    ("md_s", MD_SURNAMES, "ro", None),
]

# Similar given names that edit distance would not find (look-alike class
# similar_given_name / twins); pairs of PRIMARY forms within one pool.
SIMILAR_PAIRS = [
    ("kz_m", "Дәурен", "Дархан"), ("kz_m", "Асхат", "Асқар"),
    ("kz_m", "Марат", "Мұрат"), ("kz_m", "Ержан", "Ерлан"),
    ("kz_m", "Нұрлан", "Нұрбол"), ("kz_m", "Алмас", "Алмаз"),
    ("kz_m", "Бақыт", "Бақытжан"), ("kz_m", "Жанболат", "Жанбұлат"),
    ("kz_m", "Ерасыл", "Нұрасыл"), ("kz_m", "Әли", "Әлихан"),
    ("kz_m", "Талғат", "Қанат"), ("kz_m", "Серік", "Берік"),
    ("kz_f", "Гүлнұр", "Гүлнара"), ("kz_f", "Айгүл", "Айгерім"),
    ("kz_f", "Дана", "Дина"), ("kz_f", "Динара", "Дина"),
    ("kz_f", "Жанар", "Жанна"), ("kz_f", "Әсел", "Әсем"),
    ("kz_f", "Айжан", "Айдана"), ("kz_f", "Гүлмира", "Гүлнара"),
    ("ru_m", "Александр", "Алексей"), ("ru_m", "Валентин", "Валерий"),
    ("ru_m", "Олег", "Глеб"), ("ru_m", "Денис", "Даниил"),
    ("ru_m", "Роман", "Руслан"), ("ru_m", "Владимир", "Владислав"),
    ("ru_m", "Вячеслав", "Станислав"), ("ru_m", "Евгений", "Геннадий"),
    ("ru_f", "Елена", "Алёна"), ("ru_f", "Марина", "Мария"),
    ("ru_f", "Анна", "Алла"), ("ru_f", "Инна", "Анна"),
    ("ru_f", "Ирина", "Арина"), ("ru_f", "Оксана", "Ксения"),
    ("ru_f", "Юлия", "Лилия"), ("ru_f", "Валентина", "Валерия"),
]

# Opposite-sex counterparts for twins of the other sex (same root).
OPPOSITE_SEX = {
    "Евгений": "Евгения", "Валентин": "Валентина", "Александр": "Александра",
    "Виктор": "Виктория", "Ян": "Яна", "Станислав": "Станислава",
    "Ярослав": "Ярослава", "Владислав": "Владислава",
    "Нұрлан": "Нұргүл", "Дамир": "Динара", "Айдар": "Айдана",
    "Дана": "Данияр", "Айбек": "Айгерім", "Әлихан": "Әлия",
}
