import { describe, expect, it } from 'vitest'
import { parseNodeTree, parseViewQuery } from '../../../resources/view-adapter/node-tree.js'

// Real ev_action text (PostgreSQL 17) of:
//   CREATE VIEW app.esc AS SELECT id AS ":odd name", b AS "(x} \y", 'a b{' AS "1st",
//     (SELECT x.id FROM app.t x LIMIT 1) AS sub FROM app.t
// trimmed to the fields the reader needs, with the subquery's own target list kept.
const ESCAPED = String.raw`({QUERY :commandType 1 :querySource 0 :canSetTag true :utilityStmt <> :resultRelation 0 :hasAggs false :hasWindowFuncs false :hasTargetSRFs false :hasSubLinks true :cteList <> :rtable ({RANGETBLENTRY :alias <> :eref {ALIAS :aliasname t :colnames ("id" "a" "b" "c")} :rtekind 0 :relid 16386 :inh true :relkind r}) :jointree {FROMEXPR :fromlist ({RANGETBLREF :rtindex 1}) :quals <>} :targetList ({TARGETENTRY :expr {VAR :varno 1 :varattno 1 :vartype 20 :vartypmod -1 :varcollid 0 :varnullingrels (b) :varlevelsup 0 :varnosyn 1 :varattnosyn 1 :location -1} :resno 1 :resname :odd\ name :ressortgroupref 0 :resorigtbl 16386 :resorigcol 1 :resjunk false} {TARGETENTRY :expr {VAR :varno 1 :varattno 3 :vartype 25 :vartypmod -1 :varcollid 100 :varnullingrels (b) :varlevelsup 0 :varnosyn 1 :varattnosyn 3 :location -1} :resno 2 :resname \(x\}\ \\y :ressortgroupref 0 :resorigtbl 16386 :resorigcol 3 :resjunk false} {TARGETENTRY :expr {CONST :consttype 25 :consttypmod -1 :constcollid 100 :constlen -1 :constbyval false :constisnull false :location -1 :constvalue 8 [ 32 0 0 0 97 32 98 123 ]} :resno 3 :resname \1st :ressortgroupref 0 :resorigtbl 0 :resorigcol 0 :resjunk false} {TARGETENTRY :expr {SUBLINK :subLinkType 4 :subLinkId 0 :testexpr <> :operName <> :subselect {QUERY :commandType 1 :hasAggs false :targetList ({TARGETENTRY :expr {VAR :varno 1 :varattno 1 :vartype 20 :vartypmod -1 :varcollid 0 :varnullingrels (b) :varlevelsup 0 :varnosyn 1 :varattnosyn 1 :location -1} :resno 1 :resname id :ressortgroupref 0 :resorigtbl 16386 :resorigcol 1 :resjunk false}) :groupClause <> :distinctClause <> :setOperations <>} :location -1} :resno 4 :resname sub :ressortgroupref 0 :resorigtbl 0 :resorigcol 0 :resjunk false}) :override 0 :onConflict <> :returningList <> :groupClause <> :groupDistinct false :groupingSets <> :havingQual <> :windowClause <> :distinctClause <> :sortClause <> :limitOffset <> :limitCount <> :limitOption 0 :rowMarks <> :setOperations <> :constraintDeps <> :withCheckOptions <> :stmt_location -1 :stmt_len -1})`

const AGGREGATE = String.raw`({QUERY :commandType 1 :hasAggs true :hasWindowFuncs false :hasTargetSRFs false :targetList ({TARGETENTRY :expr {VAR :varno 1 :varattno 2 :vartype 23} :resno 1 :resname a :ressortgroupref 1 :resorigtbl 16386 :resorigcol 2 :resjunk false} {TARGETENTRY :expr {AGGREF :aggfnoid 2803 :aggstar true :args <>} :resno 2 :resname count :ressortgroupref 0 :resorigtbl 0 :resorigcol 0 :resjunk false}) :groupClause ({SORTGROUPCLAUSE :tleSortGroupRef 1 :eqop 96 :sortop 97 :nulls_first false :hashable true}) :groupingSets <> :distinctClause <> :setOperations <>})`

describe('parseViewQuery', () => {
  it('reads origins of the top-level target list only, with escaped names', () => {
    const shape = parseViewQuery(ESCAPED)
    expect(shape.targets).toEqual([
      { resno: 1, resname: ':odd name', origTable: 16386, origColumn: 1 },
      { resno: 2, resname: '(x} \\y', origTable: 16386, origColumn: 3 },
      { resno: 3, resname: '1st', origTable: 0, origColumn: 0 },
      { resno: 4, resname: 'sub', origTable: 0, origColumn: 0 },
    ])
    expect(shape.rowMerging).toEqual([])
  })

  it('says why an aggregate view has no row identity', () => {
    const shape = parseViewQuery(AGGREGATE)
    expect(shape.rowMerging).toEqual(['aggregates rows', 'groups rows (GROUP BY)'])
    expect(shape.targets[0]).toMatchObject({ resno: 1, origTable: 16386, origColumn: 2 })
  })

  it('skips junk entries and refuses what is not a query', () => {
    const junk = String.raw`({QUERY :targetList ({TARGETENTRY :resno 1 :resname x :resorigtbl 5 :resorigcol 1 :resjunk false} {TARGETENTRY :resno 2 :resname <> :resorigtbl 5 :resorigcol 2 :resjunk true})})`
    expect(parseViewQuery(junk).targets.map((t) => t.resno)).toEqual([1])
    expect(() => parseViewQuery('({RANGETBLENTRY :relid 1})')).toThrow(/QUERY/)
    expect(() => parseViewQuery('({QUERY :targetList (')).toThrow()
  })
})

describe('parseNodeTree', () => {
  it('keeps datums, NULL tokens and lists', () => {
    expect(parseNodeTree('{CONST :constisnull false :constvalue 4 [ 1 0 0 0 ] :x <>}')).toEqual({
      type: 'CONST',
      fields: { constisnull: 'false', constvalue: '4 [ 1 0 0 0 ]', x: null },
    })
    expect(parseNodeTree('(i 1 2)')).toEqual(['i', '1', '2'])
  })
})
