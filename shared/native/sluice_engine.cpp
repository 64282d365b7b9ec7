// The whole engine is one translation unit on purpose: including torch/torch.h costs ~20 s of compile time.
#include "sluice_engine.h"

#include <torch/torch.h>
#include <torch/version.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>

#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <new>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

// Capabilities by libtorch version: scaled_dot_product_attention (flash/memory-efficient kernels on CUDA) from 2.0,
// the fused multi-tensor AdamW kernel from 2.1. libtorch 1.13 (Debian) has neither; the fallbacks are exact.
#if TORCH_VERSION_MAJOR >= 2
#define SLUICE_HAS_SDPA 1
#else
#define SLUICE_HAS_SDPA 0
#endif
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
#define SLUICE_HAS_FUSED_ADAMW 1
#else
#define SLUICE_HAS_FUSED_ADAMW 0
#endif

#if defined(SLUICE_WITH_CUDA) && TORCH_VERSION_MAJOR >= 2
#define SLUICE_HAS_BF16_AUTOCAST 1
#include <ATen/autocast_mode.h>
#else
#define SLUICE_HAS_BF16_AUTOCAST 0
#endif

namespace {

thread_local std::string last_error;

struct ArgumentError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct IoError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

int32_t fail(int32_t code, const std::string& message) {
    last_error = message;
    return code;
}

template <class Body>
int32_t guarded(Body&& body) {
    last_error.clear();
    try {
        return body();
    } catch (const ArgumentError& e) {
        return fail(SLUICE_INVALID_ARGUMENT, e.what());
    } catch (const IoError& e) {
        return fail(SLUICE_IO_ERROR, e.what());
    } catch (const std::bad_alloc&) {
        return fail(SLUICE_OUT_OF_MEMORY, "out of memory");
    } catch (const c10::Error& e) {
        return fail(SLUICE_TORCH_ERROR, e.what_without_backtrace());
    } catch (const std::exception& e) {
        return fail(SLUICE_INTERNAL_ERROR, e.what());
    } catch (...) {
        return fail(SLUICE_INTERNAL_ERROR, "unknown native exception");
    }
}

void require(bool condition, const std::string& message) {
    if (!condition) throw ArgumentError(message);
}

template <class T>
void require_pointer(const T* pointer, const char* name) {
    require(pointer != nullptr, std::string(name) + " is null");
}

struct Parameter {
    std::string name;
    torch::Tensor value;
    bool decay;  // matrices only: embeddings and linear weights
    torch::Tensor exp_avg;
    torch::Tensor exp_avg_sq;
};

struct Block {
    torch::Tensor ln_1_weight, ln_1_bias;
    torch::Tensor attn_weight, attn_bias;  // [3C, C]: query, key, value rows
    torch::Tensor attn_proj_weight, attn_proj_bias;
    torch::Tensor ln_2_weight, ln_2_bias;
    torch::Tensor fc_weight, fc_bias;  // [4C, C]
    torch::Tensor fc_proj_weight, fc_proj_bias;  // [C, 4C]
};

}  // namespace

struct sluice_model {
    sluice_model_config config{};
    torch::Device device{torch::kCPU};
    std::vector<Parameter> parameters;
    std::vector<Block> blocks;
    torch::Tensor wte, wpe, ln_f_weight, ln_f_bias, head;
    mutable at::Generator generator;  // saving a const model still locks it
    int64_t optimizer_steps = 0;
    std::vector<torch::Tensor> fused_steps;  // per-parameter step counters used by the fused AdamW kernel
};

namespace {

torch::Tensor add_parameter(sluice_model& model, const std::string& name, torch::Tensor value, bool decay) {
    value = value.to(model.device).set_requires_grad(true);
    model.parameters.push_back(Parameter{name, value, decay, torch::zeros_like(value), torch::zeros_like(value)});
    return value;
}

void validate_config(const sluice_model_config& c) {
    require(c.vocab_size > 0, "vocab_size must be positive, got " + std::to_string(c.vocab_size));
    require(c.context_length > 0, "context_length must be positive, got " + std::to_string(c.context_length));
    require(c.layers > 0, "layers must be positive, got " + std::to_string(c.layers));
    require(c.heads > 0, "heads must be positive, got " + std::to_string(c.heads));
    require(c.embedding_size > 0 && c.embedding_size % c.heads == 0,
            "embedding_size (" + std::to_string(c.embedding_size) + ") must be a positive multiple of heads (" +
                std::to_string(c.heads) + ")");
    require(c.dropout >= 0.0 && c.dropout < 1.0, "dropout must be in [0, 1), got " + std::to_string(c.dropout));
    require(c.device == SLUICE_DEVICE_CPU || c.device == SLUICE_DEVICE_CUDA,
            "device must be 0 (cpu) or 1 (cuda), got " + std::to_string(c.device));
    if (c.device == SLUICE_DEVICE_CUDA) {
        require(torch::cuda::is_available(), "device cuda requested but this libtorch has no usable CUDA device");
    }
}

// GPT-2 initialisation: N(0, 0.02) for embeddings and linear weights, residual projections scaled by 1/sqrt(2L),
// zero biases, unit layer-norm gains. The draw order is fixed so a seed always gives the same model.
void build(sluice_model& model) {
    const auto& c = model.config;
    const int64_t C = c.embedding_size;
    auto& gen = model.generator;
    auto opts = torch::TensorOptions().dtype(torch::kFloat32);
    const double std = 0.02;
    const double residual_std = 0.02 / std::sqrt(2.0 * static_cast<double>(c.layers));
    auto normal = [&](std::vector<int64_t> shape, double s) { return torch::empty(shape, opts).normal_(0.0, s, gen); };

    torch::NoGradGuard no_grad;
    model.wte = add_parameter(model, "wte.weight", normal({c.vocab_size, C}, std), true);
    model.wpe = add_parameter(model, "wpe.weight", normal({c.context_length, C}, std), true);
    for (int64_t i = 0; i < c.layers; ++i) {
        const std::string p = "h." + std::to_string(i) + ".";
        Block b;
        b.ln_1_weight = add_parameter(model, p + "ln_1.weight", torch::ones({C}, opts), false);
        b.ln_1_bias = add_parameter(model, p + "ln_1.bias", torch::zeros({C}, opts), false);
        b.attn_weight = add_parameter(model, p + "attn.c_attn.weight", normal({3 * C, C}, std), true);
        b.attn_bias = add_parameter(model, p + "attn.c_attn.bias", torch::zeros({3 * C}, opts), false);
        b.attn_proj_weight = add_parameter(model, p + "attn.c_proj.weight", normal({C, C}, residual_std), true);
        b.attn_proj_bias = add_parameter(model, p + "attn.c_proj.bias", torch::zeros({C}, opts), false);
        b.ln_2_weight = add_parameter(model, p + "ln_2.weight", torch::ones({C}, opts), false);
        b.ln_2_bias = add_parameter(model, p + "ln_2.bias", torch::zeros({C}, opts), false);
        b.fc_weight = add_parameter(model, p + "mlp.c_fc.weight", normal({4 * C, C}, std), true);
        b.fc_bias = add_parameter(model, p + "mlp.c_fc.bias", torch::zeros({4 * C}, opts), false);
        b.fc_proj_weight = add_parameter(model, p + "mlp.c_proj.weight", normal({C, 4 * C}, residual_std), true);
        b.fc_proj_bias = add_parameter(model, p + "mlp.c_proj.bias", torch::zeros({C}, opts), false);
        model.blocks.push_back(b);
    }
    model.ln_f_weight = add_parameter(model, "ln_f.weight", torch::ones({C}, opts), false);
    model.ln_f_bias = add_parameter(model, "ln_f.bias", torch::zeros({C}, opts), false);
    model.head = c.tied_embeddings ? model.wte : add_parameter(model, "lm_head.weight", normal({c.vocab_size, C}, std), true);
}

torch::Tensor dropout(sluice_model& model, const torch::Tensor& x, bool training) {
    const double p = model.config.dropout;
    if (!training || p == 0.0) return x;
    if (x.is_cuda()) return torch::dropout(x, p, true);
    // Masks come from the model's own generator so that its state can be checkpointed and restored exactly.
    auto keep = torch::empty_like(x).bernoulli_(1.0 - p, model.generator);
    return x * keep / (1.0 - p);
}

torch::Tensor causal_attention(sluice_model& model, const torch::Tensor& q, const torch::Tensor& k,
                               const torch::Tensor& v, bool training) {
#if SLUICE_HAS_SDPA
    if (q.is_cuda()) {
        return at::scaled_dot_product_attention(q, k, v, {}, training ? model.config.dropout : 0.0, true);
    }
#endif
    const int64_t T = q.size(-2);
    const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
    auto scores = torch::matmul(q, k.transpose(-2, -1)) * scale;
    auto future = torch::ones({T, T}, torch::TensorOptions().dtype(torch::kBool).device(q.device())).triu(1);
    scores = scores.masked_fill(future, -std::numeric_limits<float>::infinity());
    auto weights = dropout(model, torch::softmax(scores, -1), training);
    return torch::matmul(weights, v);
}

struct AutocastScope {
    bool active = false;
    explicit AutocastScope(const sluice_model& model) {
#if SLUICE_HAS_BF16_AUTOCAST
        if (model.config.bf16_autocast && model.device.is_cuda()) {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
            at::autocast::set_autocast_enabled(at::kCUDA, true);
            at::autocast::set_autocast_dtype(at::kCUDA, at::kBFloat16);
#else
            at::autocast::set_enabled(true);
            at::autocast::set_autocast_gpu_dtype(at::kBFloat16);
#endif
            active = true;
        }
#else
        (void)model;
#endif
    }
    ~AutocastScope() {
#if SLUICE_HAS_BF16_AUTOCAST
        if (active) {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
            at::autocast::set_autocast_enabled(at::kCUDA, false);
#else
            at::autocast::set_enabled(false);
#endif
            at::autocast::clear_cache();
        }
#endif
    }
    AutocastScope(const AutocastScope&) = delete;
    AutocastScope& operator=(const AutocastScope&) = delete;
};

// idx: [B, T] int64 on the model's device. Returns logits [B, T, V] (float32).
torch::Tensor forward(sluice_model& model, const torch::Tensor& idx, bool training) {
    const auto& c = model.config;
    const int64_t B = idx.size(0), T = idx.size(1), C = c.embedding_size, H = c.heads;
    auto pos = torch::arange(T, torch::TensorOptions().dtype(torch::kLong).device(model.device));
    auto x = dropout(model, torch::embedding(model.wte, idx) + torch::embedding(model.wpe, pos), training);
    for (auto& b : model.blocks) {
        auto h = torch::layer_norm(x, {C}, b.ln_1_weight, b.ln_1_bias, 1e-5);
        auto qkv = torch::linear(h, b.attn_weight, b.attn_bias).split(C, 2);
        auto q = qkv[0].view({B, T, H, C / H}).transpose(1, 2);
        auto k = qkv[1].view({B, T, H, C / H}).transpose(1, 2);
        auto v = qkv[2].view({B, T, H, C / H}).transpose(1, 2);
        auto y = causal_attention(model, q, k, v, training).transpose(1, 2).contiguous().view({B, T, C});
        x = x + dropout(model, torch::linear(y, b.attn_proj_weight, b.attn_proj_bias), training);
        h = torch::layer_norm(x, {C}, b.ln_2_weight, b.ln_2_bias, 1e-5);
        h = torch::gelu(torch::linear(h, b.fc_weight, b.fc_bias), "tanh");
        x = x + dropout(model, torch::linear(h, b.fc_proj_weight, b.fc_proj_bias), training);
    }
    x = torch::layer_norm(x, {C}, model.ln_f_weight, model.ln_f_bias, 1e-5);
    return torch::linear(x, model.head).to(torch::kFloat32);
}

torch::Tensor token_tensor(const sluice_model& model, const int32_t* tokens, int64_t batch, int64_t width) {
    require_pointer(tokens, "tokens");
    require(batch > 0 && width > 0, "batch and sequence must be positive");
    auto t = torch::from_blob(const_cast<int32_t*>(tokens), {batch, width}, torch::kInt32).to(torch::kLong);
    const auto low = t.min().item<int64_t>();
    const auto high = t.max().item<int64_t>();
    require(low >= 0 && high < model.config.vocab_size,
            "token id out of range [0, " + std::to_string(model.config.vocab_size) + "): found " +
                std::to_string(low < 0 ? low : high));
    return t.to(model.device);
}

void require_sequence(const sluice_model& model, int64_t sequence) {
    require(sequence > 0 && sequence <= model.config.context_length,
            "sequence length " + std::to_string(sequence) + " must be in [1, context_length=" +
                std::to_string(model.config.context_length) + "]");
}

torch::Tensor language_model_loss(sluice_model& model, const torch::Tensor& tokens, bool training) {
    const int64_t T = tokens.size(1) - 1;
    auto inputs = tokens.narrow(1, 0, T);
    auto targets = tokens.narrow(1, 1, T);
    torch::Tensor logits;
    {
        AutocastScope autocast(model);
        logits = forward(model, inputs, training);
    }
    return torch::nn::functional::cross_entropy(logits.view({-1, logits.size(-1)}), targets.reshape({-1}));
}

// Matches torch.nn.utils.clip_grad_norm_ (1.13): the coefficient is clamped to 1 and always applied.
double clip_gradients(sluice_model& model, double max_norm) {
    std::vector<torch::Tensor> norms;
    for (auto& p : model.parameters) {
        if (p.value.grad().defined()) norms.push_back(torch::norm(p.value.grad(), 2));
    }
    if (norms.empty()) return 0.0;
    auto total = torch::norm(torch::stack(norms), 2);
    if (max_norm > 0.0) {
        auto coefficient = torch::clamp(max_norm / (total + 1e-6), c10::nullopt, 1.0);
        for (auto& p : model.parameters) {
            if (p.value.grad().defined()) p.value.mutable_grad().mul_(coefficient);
        }
    }
    return total.item<double>();
}

// AdamW as torch.optim.AdamW's single-tensor path computes it, so results match PyTorch bit for bit on CPU.
void adamw(sluice_model& model, const sluice_adamw_step& s) {
    torch::NoGradGuard no_grad;
    model.optimizer_steps += 1;
    const double step = static_cast<double>(model.optimizer_steps);
#if SLUICE_HAS_FUSED_ADAMW
    if (model.device.is_cuda()) {
        if (model.fused_steps.empty()) {
            for (size_t i = 0; i < model.parameters.size(); ++i)
                model.fused_steps.push_back(torch::zeros({}, torch::TensorOptions().dtype(torch::kFloat32).device(model.device)));
        }
        for (int group = 0; group < 2; ++group) {
            std::vector<torch::Tensor> params, grads, m, v, steps;
            for (size_t i = 0; i < model.parameters.size(); ++i) {
                auto& p = model.parameters[i];
                if (p.decay != (group == 0) || !p.value.grad().defined()) continue;
                params.push_back(p.value);
                grads.push_back(p.value.grad());
                m.push_back(p.exp_avg);
                v.push_back(p.exp_avg_sq);
                steps.push_back(model.fused_steps[i]);
            }
            if (params.empty()) continue;
            at::_fused_adamw_(params, grads, m, v, {}, steps, s.learning_rate, s.beta1, s.beta2,
                              group == 0 ? s.weight_decay : 0.0, s.epsilon, false, false);
        }
        return;
    }
#endif
    const double bias_correction1 = 1.0 - std::pow(s.beta1, step);
    const double bias_correction2_sqrt = std::sqrt(1.0 - std::pow(s.beta2, step));
    const double step_size = s.learning_rate / bias_correction1;
    for (auto& p : model.parameters) {
        if (!p.value.grad().defined()) continue;
        const auto& grad = p.value.grad();
        const double decay = p.decay ? s.weight_decay : 0.0;
        p.value.mul_(1.0 - s.learning_rate * decay);
        p.exp_avg.mul_(s.beta1).add_(grad, 1.0 - s.beta1);
        p.exp_avg_sq.mul_(s.beta2).addcmul_(grad, grad, 1.0 - s.beta2);
        auto denom = (p.exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(s.epsilon);
        p.value.addcdiv_(p.exp_avg, denom, -step_size);
    }
}

const Parameter& parameter_at(const sluice_model* model, int64_t index) {
    require(index >= 0 && index < static_cast<int64_t>(model->parameters.size()),
            "tensor index " + std::to_string(index) + " out of range [0, " +
                std::to_string(model->parameters.size()) + ")");
    return model->parameters[static_cast<size_t>(index)];
}

void write_string(const std::string& text, char* buffer, int64_t capacity, int64_t* required) {
    if (required) *required = static_cast<int64_t>(text.size()) + 1;
    if (buffer && capacity > 0) {
        const auto n = std::min<int64_t>(capacity - 1, static_cast<int64_t>(text.size()));
        std::memcpy(buffer, text.data(), static_cast<size_t>(n));
        buffer[n] = '\0';
    }
}

torch::Tensor config_tensor(const sluice_model_config& c) {
    return torch::tensor({c.vocab_size, c.context_length, c.layers, c.heads, c.embedding_size,
                          static_cast<int64_t>(c.tied_embeddings)},
                         torch::kLong);
}

}  // namespace

extern "C" {

int32_t sluice_abi_version(void) { return SLUICE_ABI_VERSION; }

const char* sluice_last_error(void) { return last_error.c_str(); }

int32_t sluice_runtime_info(char* buffer, int64_t capacity, int64_t* required) {
    return guarded([&] {
        std::ostringstream info;
        info << "libtorch " << TORCH_VERSION_MAJOR << "." << TORCH_VERSION_MINOR << "." << TORCH_VERSION_PATCH << "\n"
             << "threads " << at::get_num_threads() << "\n"
             << "cuda " << (torch::cuda::is_available() ? "available" : "unavailable") << "\n"
             << "scaled_dot_product_attention " << (SLUICE_HAS_SDPA ? "yes" : "no (explicit causal softmax)") << "\n"
             << "fused_adamw " << (SLUICE_HAS_FUSED_ADAMW ? "yes (cuda)" : "no (per-tensor AdamW)") << "\n"
             << "bf16_autocast " << (SLUICE_HAS_BF16_AUTOCAST ? "yes (cuda)" : "no (float32)") << "\n"
             << at::show_config();
        write_string(info.str(), buffer, capacity, required);
        return SLUICE_OK;
    });
}

int32_t sluice_set_num_threads(int32_t threads) {
    return guarded([&] {
        require(threads > 0, "thread count must be positive, got " + std::to_string(threads));
        at::set_num_threads(threads);
        return SLUICE_OK;
    });
}

int32_t sluice_get_num_threads(int32_t* threads) {
    return guarded([&] {
        require_pointer(threads, "threads");
        *threads = at::get_num_threads();
        return SLUICE_OK;
    });
}

int32_t sluice_model_create(const sluice_model_config* config, sluice_model** model) {
    return guarded([&] {
        require_pointer(config, "config");
        require_pointer(model, "model");
        *model = nullptr;
        validate_config(*config);
        auto created = std::make_unique<sluice_model>();
        created->config = *config;
        created->device = config->device == SLUICE_DEVICE_CUDA ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
        created->generator = at::make_generator<at::CPUGeneratorImpl>(config->seed);
        build(*created);
        *model = created.release();
        return SLUICE_OK;
    });
}

void sluice_model_free(sluice_model* model) {
    try {
        delete model;
    } catch (...) {
        // A destructor that throws cannot be reported; the handle is gone either way.
    }
}

int32_t sluice_model_parameter_count(const sluice_model* model, int64_t* count) {
    return guarded([&] {
        require_pointer(model, "model");
        require_pointer(count, "count");
        int64_t n = 0;
        for (const auto& p : model->parameters) n += p.value.numel();
        *count = n;
        return SLUICE_OK;
    });
}

int32_t sluice_model_accumulate(sluice_model* model, const int32_t* tokens, int64_t batch, int64_t sequence,
                                double scale, double* loss) {
    return guarded([&] {
        require_pointer(model, "model");
        require_pointer(loss, "loss");
        require_sequence(*model, sequence);
        auto t = token_tensor(*model, tokens, batch, sequence + 1);
        auto value = language_model_loss(*model, t, true);
        (value * scale).backward();
        *loss = value.item<double>();
        return SLUICE_OK;
    });
}

int32_t sluice_model_optimizer_step(sluice_model* model, const sluice_adamw_step* step, double* grad_norm) {
    return guarded([&] {
        require_pointer(model, "model");
        require_pointer(step, "step");
        require(step->learning_rate >= 0.0, "learning_rate must not be negative");
        require(step->beta1 >= 0.0 && step->beta1 < 1.0 && step->beta2 >= 0.0 && step->beta2 < 1.0,
                "beta1 and beta2 must be in [0, 1)");
        require(step->epsilon > 0.0, "epsilon must be positive");
        require(step->weight_decay >= 0.0, "weight_decay must not be negative");
        bool any = false;
        for (const auto& p : model->parameters) any = any || p.value.grad().defined();
        require(any, "optimizer step without accumulated gradients: call accumulate first");
        const double norm = clip_gradients(*model, step->max_grad_norm);
        adamw(*model, *step);
        for (auto& p : model->parameters) p.value.mutable_grad().reset();
        if (grad_norm) *grad_norm = norm;
        return SLUICE_OK;
    });
}

int32_t sluice_model_eval_loss(sluice_model* model, const int32_t* tokens, int64_t batch, int64_t sequence,
                               double* loss) {
    return guarded([&] {
        require_pointer(model, "model");
        require_pointer(loss, "loss");
        require_sequence(*model, sequence);
        torch::NoGradGuard no_grad;
        auto t = token_tensor(*model, tokens, batch, sequence + 1);
        *loss = language_model_loss(*model, t, false).item<double>();
        return SLUICE_OK;
    });
}

int32_t sluice_model_logits(sluice_model* model, const int32_t* tokens, int64_t batch, int64_t sequence,
                            float* logits, int64_t logits_capacity) {
    return guarded([&] {
        require_pointer(model, "model");
        require_pointer(logits, "logits");
        require_sequence(*model, sequence);
        const int64_t needed = batch * sequence * model->config.vocab_size;
        require(logits_capacity >= needed, "logits buffer holds " + std::to_string(logits_capacity) +
                                               " floats, " + std::to_string(needed) + " needed");
        torch::NoGradGuard no_grad;
        auto t = token_tensor(*model, tokens, batch, sequence);
        auto out = forward(*model, t, false).contiguous().cpu();
        std::memcpy(logits, out.data_ptr<float>(), static_cast<size_t>(needed) * sizeof(float));
        return SLUICE_OK;
    });
}

int32_t sluice_model_generate(sluice_model* model, const int32_t* prompt, int64_t prompt_length, int64_t max_new,
                              double temperature, int64_t top_k, double top_p, uint64_t seed, int32_t* output,
                              int64_t output_capacity, int64_t* produced) {
    return guarded([&] {
        require_pointer(model, "model");
        require_pointer(output, "output");
        require_pointer(produced, "produced");
        require(prompt_length > 0, "the prompt must hold at least one token");
        require(max_new >= 0, "max_new must not be negative");
        require(output_capacity >= prompt_length + max_new,
                "output buffer holds " + std::to_string(output_capacity) + " tokens, " +
                    std::to_string(prompt_length + max_new) + " needed");
        require(top_p > 0.0, "top_p must be positive");
        torch::NoGradGuard no_grad;
        auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
        auto sequence = token_tensor(*model, prompt, 1, prompt_length);
        const int64_t context = model->config.context_length;
        for (int64_t i = 0; i < max_new; ++i) {
            const int64_t length = sequence.size(1);
            auto window = length > context ? sequence.narrow(1, length - context, context) : sequence;
            auto logits = forward(*model, window, false).select(1, window.size(1) - 1).squeeze(0).cpu();
            torch::Tensor next;
            if (temperature <= 0.0) {
                next = logits.argmax(-1, true);
            } else {
                logits = logits / temperature;
                if (top_k > 0 && top_k < logits.size(0)) {
                    auto kth = std::get<0>(logits.topk(top_k)).select(0, top_k - 1);
                    logits = logits.masked_fill(logits < kth, -std::numeric_limits<float>::infinity());
                }
                if (top_p < 1.0) {
                    auto sorted = logits.sort(-1, true);
                    auto cumulative = torch::softmax(std::get<0>(sorted), -1).cumsum(-1);
                    // Drop a token once the mass before it already reaches top_p; the most likely token always stays.
                    auto drop_sorted = (cumulative - torch::softmax(std::get<0>(sorted), -1)) >= top_p;
                    auto drop = torch::zeros_like(drop_sorted).scatter(0, std::get<1>(sorted), drop_sorted);
                    logits = logits.masked_fill(drop, -std::numeric_limits<float>::infinity());
                }
                next = torch::multinomial(torch::softmax(logits, -1), 1, false, gen);
            }
            sequence = torch::cat({sequence, next.view({1, 1}).to(sequence.device())}, 1);
        }
        auto host = sequence.squeeze(0).to(torch::kInt32).cpu().contiguous();
        std::memcpy(output, host.data_ptr<int32_t>(), static_cast<size_t>(host.numel()) * sizeof(int32_t));
        *produced = host.numel();
        return SLUICE_OK;
    });
}

int32_t sluice_model_save(const sluice_model* model, const char* path) {
    return guarded([&] {
        require_pointer(model, "model");
        require_pointer(path, "path");
        torch::serialize::OutputArchive archive;
        archive.write("config", config_tensor(model->config));
        archive.write("optimizer_steps", torch::tensor(model->optimizer_steps, torch::kLong));
        {
            std::lock_guard<std::mutex> lock(model->generator.mutex());
            archive.write("generator", model->generator.get_state());
        }
        for (const auto& p : model->parameters) {
            archive.write("param." + p.name, p.value.detach().cpu());
            archive.write("exp_avg." + p.name, p.exp_avg.cpu());
            archive.write("exp_avg_sq." + p.name, p.exp_avg_sq.cpu());
        }
        try {
            archive.save_to(path);
        } catch (const c10::Error& e) {
            throw IoError(std::string("cannot write model state to ") + path + ": " + e.what_without_backtrace());
        }
        return SLUICE_OK;
    });
}

int32_t sluice_model_load(sluice_model* model, const char* path) {
    return guarded([&] {
        require_pointer(model, "model");
        require_pointer(path, "path");
        torch::serialize::InputArchive archive;
        try {
            archive.load_from(path);
        } catch (const c10::Error& e) {
            throw IoError(std::string("cannot read model state from ") + path + ": " + e.what_without_backtrace());
        }
        auto read = [&](const std::string& key) {
            torch::Tensor t;
            if (!archive.try_read(key, t)) throw IoError(std::string(path) + " has no tensor '" + key + "'");
            return t;
        };
        auto config = read("config");
        require(torch::equal(config, config_tensor(model->config)),
                std::string(path) + " holds a model of another shape (vocab, context, layers, heads, width, tied): " +
                    c10::str(config.view(-1)));
        std::vector<std::array<torch::Tensor, 3>> loaded;
        for (const auto& p : model->parameters) {
            std::array<torch::Tensor, 3> t{read("param." + p.name), read("exp_avg." + p.name),
                                           read("exp_avg_sq." + p.name)};
            for (const auto& x : t) {
                require(x.sizes() == p.value.sizes(), std::string(path) + ": tensor " + p.name + " has shape " +
                                                          c10::str(x.sizes()) + ", expected " + c10::str(p.value.sizes()));
            }
            loaded.push_back(t);
        }
        auto generator_state = read("generator");
        auto steps = read("optimizer_steps").item<int64_t>();
        torch::NoGradGuard no_grad;
        for (size_t i = 0; i < model->parameters.size(); ++i) {
            auto& p = model->parameters[i];
            p.value.copy_(loaded[i][0]);
            p.exp_avg.copy_(loaded[i][1]);
            p.exp_avg_sq.copy_(loaded[i][2]);
            p.value.mutable_grad().reset();
        }
        {
            std::lock_guard<std::mutex> lock(model->generator.mutex());
            model->generator.set_state(generator_state);
        }
        model->optimizer_steps = steps;
        model->fused_steps.clear();
        if (model->device.is_cuda()) {
            for (size_t i = 0; i < model->parameters.size(); ++i)
                model->fused_steps.push_back(torch::full({}, static_cast<double>(steps),
                                                         torch::TensorOptions().dtype(torch::kFloat32).device(model->device)));
        }
        return SLUICE_OK;
    });
}

int32_t sluice_model_optimizer_steps(const sluice_model* model, int64_t* steps) {
    return guarded([&] {
        require_pointer(model, "model");
        require_pointer(steps, "steps");
        *steps = model->optimizer_steps;
        return SLUICE_OK;
    });
}

int32_t sluice_model_tensor_count(const sluice_model* model, int64_t* count) {
    return guarded([&] {
        require_pointer(model, "model");
        require_pointer(count, "count");
        *count = static_cast<int64_t>(model->parameters.size());
        return SLUICE_OK;
    });
}

int32_t sluice_model_tensor_info(const sluice_model* model, int64_t index, char* name, int64_t name_capacity,
                                 int64_t* shape, int32_t* rank) {
    return guarded([&] {
        require_pointer(model, "model");
        require_pointer(shape, "shape");
        require_pointer(rank, "rank");
        const auto& p = parameter_at(model, index);
        require(p.value.dim() <= 8, "tensor " + p.name + " has more than 8 dimensions");
        require(name != nullptr && name_capacity > static_cast<int64_t>(p.name.size()),
                "name buffer too small for " + p.name);
        write_string(p.name, name, name_capacity, nullptr);
        *rank = static_cast<int32_t>(p.value.dim());
        for (int64_t d = 0; d < p.value.dim(); ++d) shape[d] = p.value.size(d);
        return SLUICE_OK;
    });
}

int32_t sluice_model_tensor_read(const sluice_model* model, int64_t index, float* destination, int64_t count) {
    return guarded([&] {
        require_pointer(model, "model");
        require_pointer(destination, "destination");
        const auto& p = parameter_at(model, index);
        require(count == p.value.numel(), "tensor " + p.name + " has " + std::to_string(p.value.numel()) +
                                              " elements, buffer holds " + std::to_string(count));
        auto host = p.value.detach().to(torch::kFloat32).cpu().contiguous();
        std::memcpy(destination, host.data_ptr<float>(), static_cast<size_t>(count) * sizeof(float));
        return SLUICE_OK;
    });
}

int32_t sluice_model_tensor_write(sluice_model* model, int64_t index, const float* source, int64_t count) {
    return guarded([&] {
        require_pointer(model, "model");
        require_pointer(source, "source");
        const auto& p = parameter_at(model, index);
        require(count == p.value.numel(), "tensor " + p.name + " has " + std::to_string(p.value.numel()) +
                                              " elements, source holds " + std::to_string(count));
        torch::NoGradGuard no_grad;
        auto host = torch::from_blob(const_cast<float*>(source), p.value.sizes(), torch::kFloat32);
        p.value.copy_(host);
        return SLUICE_OK;
    });
}

}  // extern "C"
