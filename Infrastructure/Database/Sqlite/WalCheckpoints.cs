using Microsoft.Data.Sqlite;

namespace InviteService.Infrastructure.Database.Sqlite;

/// <summary>
/// Copies the WAL back into the database file on a thread of its own, so that the single writer never does.
/// </summary>
/// <remarks>
/// <para>SQLite's automatic checkpoint runs inside the COMMIT that takes the WAL past 1000 frames. Copying costs about
/// 47 µs a frame on this machine's disk (write-back and fsync, measured), so every such COMMIT held all queued writes for
/// about 50 ms: that was the create benchmark's p99.</para>
/// <para>A checkpoint beside the writer is not enough on its own: the WAL is started over from its beginning only by a
/// write that begins while every frame is already copied back, which never happens while writes keep arriving (it grew
/// to 580 MB in one benchmark run). So each pass copies what it can beside the writer, repeats while writes arrived
/// meanwhile, and once the WAL is large and nearly copied, copies the last few frames while the writer is held: the next
/// write then starts the WAL over. The writer waits at most for those few frames, unless the passes keep falling behind
/// until the WAL is large (<see cref="HoldAfterFrames"/>): then it waits for the whole copy once.</para>
/// </remarks>
internal sealed class WalCheckpoints : IDisposable
{
    /// <summary>
    /// How often a pass runs. A pass with nothing to copy costs microseconds; between two passes the WAL grows by what the
    /// writer commits meanwhile, and starts over after each.
    /// </summary>
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(50);

    /// <summary>The most frames a pass copies while the writer is held: a few milliseconds.</summary>
    private const long CatchUpFrames = 128;

    /// <summary>From this many frames on (about 4 MB, SQLite's own threshold), the WAL is started over.</summary>
    private const long RestartAfterFrames = 1000;

    /// <summary>
    /// From this many frames on (about 16 MB), the WAL is started over even while the passes beside the writer fall behind
    /// (writes arriving faster than they copy, or this thread starved of CPU on a busy machine): the writer is then held for
    /// the whole copy, at most this many frames (under 200 ms at the cost measured above), so the WAL stays bounded.
    /// </summary>
    private const long HoldAfterFrames = 4 * RestartAfterFrames;

    private readonly Func<SqliteConnection> _open;
    private readonly Func<Func<Pass>, CancellationToken, Pass> _whileNoWrite;
    private readonly ILogger _logger;
    private readonly string _dataSource;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread _thread;

    /// <param name="open">An opened connection to the database, for this thread alone.</param>
    /// <param name="whileNoWrite">Runs a pass while the store's writer is held.</param>
    public WalCheckpoints(Func<SqliteConnection> open, Func<Func<Pass>, CancellationToken, Pass> whileNoWrite, ILogger logger, string dataSource)
    {
        (_open, _whileNoWrite, _logger, _dataSource) = (open, whileNoWrite, logger, dataSource);
        _thread = new Thread(Run) { IsBackground = true, Name = "SQLite checkpoints" };
        _thread.Start();
    }

    /// <summary>What <c>PRAGMA wal_checkpoint</c> reports: frames in the WAL, and how many of them are copied back.</summary>
    public readonly record struct Pass(long Frames, long Copied)
    {
        public long Behind => Frames - Copied;
    }

    private void Run()
    {
        using var connection = _open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        while (!_stopping.Token.WaitHandle.WaitOne(Every))
        {
            try
            {
                var pass = Checkpoint(command);
                for (var again = 0; again < 3 && pass.Behind > CatchUpFrames; again++) pass = Checkpoint(command);
                if (pass.Frames >= RestartAfterFrames && (pass.Behind <= CatchUpFrames || pass.Frames >= HoldAfterFrames))
                {
                    _whileNoWrite(() => Checkpoint(command), _stopping.Token);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SqliteException ex)
            {
                _logger.LogWarning(ex, "A WAL checkpoint of {DataSource} failed; the next pass tries again", _dataSource);
            }
        }
    }

    private static Pass Checkpoint(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        reader.Read();
        return new Pass(Frames: reader.GetInt64(1), Copied: reader.GetInt64(2));
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _thread.Join();
        _stopping.Dispose();
    }
}
