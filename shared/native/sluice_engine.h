/* Sluice model engine: a C ABI over libtorch.
 *
 * Every function returns SLUICE_OK (0) or an error code; the message of the last error on the calling thread is
 * returned by sluice_last_error(). No C++ exception crosses this boundary. Handles are opaque and owned by the
 * caller, who releases them with sluice_model_free(). */
#ifndef SLUICE_ENGINE_H
#define SLUICE_ENGINE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define SLUICE_API __declspec(dllexport)
#else
#define SLUICE_API __attribute__((visibility("default")))
#endif

#define SLUICE_ABI_VERSION 1

enum sluice_status {
    SLUICE_OK = 0,
    SLUICE_INVALID_ARGUMENT = 1,
    SLUICE_IO_ERROR = 2,
    SLUICE_TORCH_ERROR = 3,
    SLUICE_OUT_OF_MEMORY = 4,
    SLUICE_INTERNAL_ERROR = 5
};

enum sluice_device { SLUICE_DEVICE_CPU = 0, SLUICE_DEVICE_CUDA = 1 };

/* A decoder-only transformer in the GPT-2 layout. */
typedef struct sluice_model_config {
    int64_t vocab_size;
    int64_t context_length;
    int64_t layers;
    int64_t heads;
    int64_t embedding_size;
    double dropout;
    int32_t tied_embeddings; /* non-zero: the output head shares the token embedding matrix */
    int32_t device;          /* enum sluice_device */
    int32_t bf16_autocast;   /* non-zero: matmuls in bfloat16 on CUDA where libtorch supports autocast */
    int32_t reserved;
    uint64_t seed;           /* initialisation and dropout generator seed */
} sluice_model_config;

/* One AdamW step after gradients were accumulated. Weight decay applies to matrices (tensors of rank >= 2) only. */
typedef struct sluice_adamw_step {
    double learning_rate;
    double beta1;
    double beta2;
    double epsilon;
    double weight_decay;
    double max_grad_norm; /* <= 0: no clipping */
} sluice_adamw_step;

typedef struct sluice_model sluice_model;

SLUICE_API int32_t sluice_abi_version(void);
/* The last error message on this thread ("" when none); valid until the next call on this thread. */
SLUICE_API const char* sluice_last_error(void);
/* Writes a NUL-terminated description of the libtorch build (version, BLAS, capabilities) into buffer; *required
 * receives the size needed including the NUL. */
SLUICE_API int32_t sluice_runtime_info(char* buffer, int64_t capacity, int64_t* required);
SLUICE_API int32_t sluice_set_num_threads(int32_t threads);
SLUICE_API int32_t sluice_get_num_threads(int32_t* threads);

SLUICE_API int32_t sluice_model_create(const sluice_model_config* config, sluice_model** model);
SLUICE_API void sluice_model_free(sluice_model* model);
SLUICE_API int32_t sluice_model_parameter_count(const sluice_model* model, int64_t* count);

/* Forward and backward over one micro-batch of tokens [batch, sequence + 1] (inputs and shifted targets); the
 * gradient of loss * scale is added to the accumulated gradients. *loss receives the unscaled mean loss. */
SLUICE_API int32_t sluice_model_accumulate(sluice_model* model, const int32_t* tokens, int64_t batch, int64_t sequence,
                                           double scale, double* loss);
/* Clips the accumulated gradients, applies AdamW, and clears the gradients. *grad_norm receives the norm before
 * clipping. */
SLUICE_API int32_t sluice_model_optimizer_step(sluice_model* model, const sluice_adamw_step* step, double* grad_norm);
/* Mean cross-entropy over tokens [batch, sequence + 1] without gradients and without dropout. */
SLUICE_API int32_t sluice_model_eval_loss(sluice_model* model, const int32_t* tokens, int64_t batch, int64_t sequence,
                                          double* loss);
/* Logits for tokens [batch, sequence] into logits [batch, sequence, vocab] (float32), without dropout. */
SLUICE_API int32_t sluice_model_logits(sluice_model* model, const int32_t* tokens, int64_t batch, int64_t sequence,
                                       float* logits, int64_t logits_capacity);
/* Autoregressive sampling: appends up to max_new tokens to the prompt. temperature <= 0 is greedy; top_k <= 0 and
 * top_p >= 1 disable those filters. The result holds prompt + new tokens; *produced receives its length. */
SLUICE_API int32_t sluice_model_generate(sluice_model* model, const int32_t* prompt, int64_t prompt_length,
                                         int64_t max_new, double temperature, int64_t top_k, double top_p,
                                         uint64_t seed, int32_t* output, int64_t output_capacity, int64_t* produced);

/* The full training state (weights, AdamW moments and step, generator state) as one file. */
SLUICE_API int32_t sluice_model_save(const sluice_model* model, const char* path);
SLUICE_API int32_t sluice_model_load(sluice_model* model, const char* path);
SLUICE_API int32_t sluice_model_optimizer_steps(const sluice_model* model, int64_t* steps);

/* The model's named tensors (parameters in the GPT-2 naming), for export and inspection. */
SLUICE_API int32_t sluice_model_tensor_count(const sluice_model* model, int64_t* count);
/* Name (NUL-terminated into name), rank and shape (up to 8 dimensions) of tensor index. */
SLUICE_API int32_t sluice_model_tensor_info(const sluice_model* model, int64_t index, char* name, int64_t name_capacity,
                                            int64_t* shape, int32_t* rank);
/* Copies tensor index as float32 into destination (count elements). */
SLUICE_API int32_t sluice_model_tensor_read(const sluice_model* model, int64_t index, float* destination, int64_t count);
/* Overwrites tensor index from float32 source (count elements). */
SLUICE_API int32_t sluice_model_tensor_write(sluice_model* model, int64_t index, const float* source, int64_t count);

#ifdef __cplusplus
}
#endif

#endif
