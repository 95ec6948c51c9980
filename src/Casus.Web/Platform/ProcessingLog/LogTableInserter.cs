using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Casus.Web.Platform.ProcessingLog;

/// <summary>
/// Appends rows to one log table with multi-row INSERT statements, without change tracking. The table, columns,
/// column types and value conversions (SQLite keeps times as UTC ticks) come from the EF model, so the rows are
/// exactly what EF would have written and the same code serves SQLite and PostgreSQL.
/// </summary>
internal sealed class LogTableInserter<T> where T : class
{
    /// <summary>Rows per statement: well under SQLite's limit of 32,766 parameters.</summary>
    private const int RowsPerStatement = 200;

    private readonly string _insertInto;
    private readonly Column[] _columns;

    public LogTableInserter(DbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var sql = db.GetService<ISqlGenerationHelper>();
        var tableName = entity.GetTableName() ?? throw new InvalidOperationException($"{typeof(T).Name} has no table.");
        var table = StoreObjectIdentifier.Table(tableName, entity.GetSchema());
        _columns = entity.GetProperties()
            .Select(p => new Column(p.GetColumnName(table) ?? p.Name, p.GetRelationalTypeMapping(), p.PropertyInfo
                ?? throw new InvalidOperationException($"{typeof(T).Name}.{p.Name} is not a CLR property.")))
            .ToArray();
        _insertInto = $"INSERT INTO {sql.DelimitIdentifier(tableName, entity.GetSchema())} ("
            + string.Join(", ", _columns.Select(c => sql.DelimitIdentifier(c.Name))) + ") VALUES ";
        HeadQuery = $"SELECT {sql.DelimitIdentifier("Sequence")}, {sql.DelimitIdentifier("Hash")} FROM "
            + $"{sql.DelimitIdentifier(tableName, entity.GetSchema())} ORDER BY {sql.DelimitIdentifier("Sequence")} DESC LIMIT 1";
    }

    /// <summary>The newest record's sequence and hash: where the chain goes on.</summary>
    public string HeadQuery { get; }

    public async Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<T> rows, CancellationToken cancellationToken)
    {
        for (var start = 0; start < rows.Count; start += RowsPerStatement)
        {
            var count = Math.Min(RowsPerStatement, rows.Count - start);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var text = new StringBuilder(_insertInto, _insertInto.Length + count * _columns.Length * 8);
            for (var row = 0; row < count; row++)
            {
                text.Append(row == 0 ? "(" : ", (");
                for (var c = 0; c < _columns.Length; c++)
                {
                    var name = string.Create(CultureInfo.InvariantCulture, $"@p{row}_{c}");
                    text.Append(c == 0 ? name : ", " + name);
                    var column = _columns[c];
                    command.Parameters.Add(column.Mapping.CreateParameter(command, name, column.Property.GetValue(rows[start + row])));
                }
                text.Append(')');
            }
            command.CommandText = text.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private sealed record Column(string Name, RelationalTypeMapping Mapping, System.Reflection.PropertyInfo Property);
}
