using Microsoft.AspNetCore.Builder;
using Sluice.Hosting;
using Sluice.Ingest.Worker;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.AddPipelineService<IngestService>();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
