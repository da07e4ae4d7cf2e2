using System.Data;
using System.Data.Common;
using Dapper;

namespace InviteService.Infrastructure.Database;

/// <summary>
/// Booleans are INTEGER 0/1 columns on both stores, so every slice's SQL (<c>disabled = 0</c>, <c>SUM(temporary)</c>)
/// reads the same on both. SQLite takes a C# bool as 1/0 by itself; PostgreSQL would take it as a <c>boolean</c> and refuse
/// it in an integer column. This handler sends every bool parameter as 0/1 and reads 0/1 (or a PostgreSQL boolean, from
/// an expression such as <c>EXISTS (…)</c>) back as a bool, on both stores.
/// </summary>
public sealed class Flags : SqlMapper.TypeHandler<bool>
{
    private static int _registered;

    /// <summary>Registers the handler with Dapper, once per process.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        SqlMapper.RemoveTypeMap(typeof(bool));
        SqlMapper.RemoveTypeMap(typeof(bool?));
        SqlMapper.AddTypeHandler(new Flags());
    }

    public override void SetValue(IDbDataParameter parameter, bool value)
    {
        parameter.DbType = DbType.Int32;
        parameter.Value = value ? 1 : 0;
    }

    /// <summary>A flag read by position, for code that maps rows by hand: an INTEGER 0/1 on both stores, or a PostgreSQL boolean.</summary>
    public static bool Read(DbDataReader reader, int ordinal) =>
        reader.GetFieldType(ordinal) == typeof(bool) ? reader.GetBoolean(ordinal) : reader.GetInt64(ordinal) != 0;

    public override bool Parse(object value) => value switch
    {
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        short s => s != 0,
        _ => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 0,
    };
}
