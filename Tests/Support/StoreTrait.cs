namespace InviteService.Tests.Support;

/// <summary>
/// Which store a test class is about, as an xunit trait on the class: the PostgreSQL half (<c>Tests/Postgres/</c>) compiles
/// every test and runs all but those marked here (its project filters on the trait).
/// <list type="bullet">
/// <item><c>[Trait(StoreTrait.Name, StoreTrait.Independent)]</c>: no store is involved in what the test checks (logs, CORS, tokens,
/// the proxy, the browser, the OpenAPI document), so one run, on SQLite, says it all.</item>
/// <item><c>[Trait(StoreTrait.Name, StoreTrait.SqliteOnly)]</c>: the test is about SQLite itself (its file, backups, the statement cache).</item>
/// </list>
/// </summary>
public static class StoreTrait
{
    public const string Name = "Store";
    public const string Independent = "independent";
    public const string SqliteOnly = "sqlite";
}
