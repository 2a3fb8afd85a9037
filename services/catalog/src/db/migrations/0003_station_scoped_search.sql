-- Every item's search words become its station's own ('教师' → 'cq:教师', ADR 17), positions and
-- weights kept: a tsvector literal rebuilt from unnest(search), each lexeme quoted as
-- @hall/platform/search quotes it (backslash and quote doubled).
UPDATE "items" SET "search" = coalesce((
  SELECT string_agg(
    '''' || replace(replace("items"."station" || ':' || u.lexeme, '\', '\\'), '''', '''''') || ''''
      || coalesce(':' || (SELECT string_agg(p::text || w, ',') FROM unnest(u.positions, u.weights) AS x(p, w)), ''),
    ' ')
  FROM unnest("items"."search") AS u
), '')::tsvector;
