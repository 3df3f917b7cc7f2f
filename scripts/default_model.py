# Builds src/data/default_model.json from a `dualcit train --truth` run on the default profile (seed 1,
# 200k x 50k): python3 scripts/default_model.py trained.json src/data/default_model.json
# The rules below are the ones the model's description states.
import json, math, sys
trained = json.load(open(sys.argv[1])); out = sys.argv[2]
base = json.load(open(out))
F = trained['fields']
ERROR_M_FLOOR = 0.002   # an error the generator makes rarely is not rarer elsewhere
U_FLOOR = 1e-5          # 1e6 random pairs cannot resolve rarer agreement: no level is proof
def lv(f, l): return dict(F[f][l])
model = {}
for f, L in F.items():
    model[f] = {}
    for l, p in L.items():
        m, u = p['m'], p['u']
        if l != 'missing' and f not in ('iin', 'family'):
            u = max(u, U_FLOOR)
            if l not in ('exact', 'skeleton', 'same', 'different', 'changed', 'similar', 'year_far'):
                m = max(m, ERROR_M_FLOOR)
        model[f][l] = {'m': round(m, 6), 'u': float('%.4g' % u)}
# hand rules (documented in the description)
model['surname']['cognate'] = {'m': 0.001, 'u': 0.001}          # surnames have no cognate table: never produced
model['family'] = base['fields']['family']
model['iin'] = base['fields']['iin']
model['sex']['different']['m'] = 0.01                              # real files carry wrong sex codes
model['birth_date']['different']['m'] = 0.005                      # and wholly wrong dates
# name levels stay in order of strength: a loose likeness never outweighs a close one,
# and no partial agreement outweighs the same name (skeleton) less one bit
for f in ('surname', 'given_name', 'patronymic'):
    w = lambda l: math.log2(model[f][l]['m'] / model[f][l]['u'])
    top = w('skeleton') - 1
    for l in ('cognate', 'variant', 'fuzzy_high', 'typo', 'fuzzy_low', 'initial'):
        cap = min(top, w('fuzzy_high')) if l == 'fuzzy_low' else top
        if w(l) > cap:
            model[f][l]['m'] = float('%.4g' % (model[f][l]['u'] * 2 ** cap))
    # similar names are other names: never positive evidence
    s = model[f]['similar']
    if s['m'] > s['u']: s['m'] = s['u']
base['fields'] = model
base['version'] = 2
json.dump(base, open(out, 'w'), indent=2, ensure_ascii=False)
for f, L in model.items():
    print(f, ' '.join('%s=%+.1f' % (l, math.log2(p['m']/p['u'])) for l, p in L.items()))
