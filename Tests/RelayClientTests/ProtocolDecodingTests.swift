import Foundation
import XCTest

@testable import RelayClient

/// Decoding of the JSON examples in PROTOCOLS.md, without a network.
final class ProtocolDecodingTests: XCTestCase {
    func json(_ text: String) throws -> JSONValue { try JSONParser.parse(text) }

    // §2.1
    func testMidjourneyVerbOfCustomID() {
        XCTAssertEqual(MidjourneyFamily.verb(ofCustomID: "MJ::JOB::upsample::1::3785da15"), "upsample")
        XCTAssertEqual(MidjourneyFamily.verb(ofCustomID: "MJ::job::Reroll::0::x::SOLO"), "reroll")
        XCTAssertEqual(MidjourneyFamily.verb(ofCustomID: "MJ::Inpaint::1::x::SOLO"), "inpaint")
        XCTAssertEqual(MidjourneyFamily.verb(ofCustomID: "MJ::CustomZoom::x"), "customzoom")
        XCTAssertEqual(MidjourneyFamily.verb(ofCustomID: "MJ::JOB"), "job")
        XCTAssertEqual(MidjourneyFamily.verb(ofCustomID: "MJ::JOB::"), "")
        XCTAssertEqual(MidjourneyFamily.verb(ofCustomID: "plain"), "plain")
        XCTAssertEqual(MidjourneyFamily.verb(ofCustomID: ""), "")
        XCTAssertEqual(MidjourneyFamily.verb(ofCustomID: "MJ::JOBS::x"), "jobs")
    }

    func testModelsList() throws {
        let models = try OpenAIModels.decodeModels(json("""
            {"success":true,"object":"list","data":[
              {"id":"gpt-4o-mini","object":"model","created":1626777600,"owned_by":"openai","supported_endpoint_types":["openai"]},
              {"id":"mj_imagine","object":"model","created":1626777600,"owned_by":"midjourney","supported_endpoint_types":["openai"]}]}
            """))
        XCTAssertEqual(models.map(\.id), ["gpt-4o-mini", "mj_imagine"])
        XCTAssertEqual(models[0].endpointTypes, ["openai"])
    }

    // §2.2
    func testChatCompletion() throws {
        let c = try OpenAIChat.decodeCompletion(json("""
            {"id":"chatcmpl-123","object":"chat.completion","created":"1735000000","model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello!","reasoning_content":"hmm"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}
            """))
        XCTAssertEqual(c.content, "Hello!")
        XCTAssertEqual(c.reasoning, "hmm")
        XCTAssertEqual(c.finishReason, "stop")
        XCTAssertEqual(c.usage, ChatUsage(promptTokens: 9, completionTokens: 2, totalTokens: 11))
    }

    func testStreamChunksFromTheExample() throws {
        let lines = [
            #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1735000000,"model":"gpt-4o-mini","system_fingerprint":null,"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}"#,
            #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1735000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}"#,
            #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1735000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
            #"{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1735000000,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}"#,
        ]
        let chunks = try lines.map { try XCTUnwrap(OpenAIChat.decodeStreamEvent($0)) }
        XCTAssertEqual(chunks.map(\.content), ["", "Hel", "", ""])
        XCTAssertEqual(chunks[2].finishReason, "stop")
        XCTAssertEqual(chunks[3].usage?.totalTokens, 11)
        XCTAssertNil(try OpenAIChat.decodeStreamEvent("[DONE]"))
        XCTAssertThrowsError(try OpenAIChat.decodeStreamEvent(#"{"error":{"message":"boom","type":"upstream_error"}}"#)) {
            XCTAssertEqual(($0 as? RelayError)?.category, .upstreamFailure)
        }
    }

    func testToolCallFragments() throws {
        let chunk = try XCTUnwrap(OpenAIChat.decodeStreamEvent(
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\""}}]}}]}"#))
        XCTAssertEqual(chunk.toolCalls.first?.name, "f")
        XCTAssertEqual(chunk.toolCalls.first?.arguments, #"{"a""#)
    }

    func testChatImageExtraction() {
        let pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
        let text = "Here: ![image](https://cdn.example.com/a.png) and [download](https://cdn.example.com/b.webp) "
            + "[page](https://example.com/about) ![x](data:image/png;base64,\(pixel))"
        let images = ChatImageExtractor.images(in: text)
        XCTAssertEqual(images.count, 3)
        XCTAssertEqual(images[0].url, "https://cdn.example.com/a.png")
        XCTAssertEqual(images[1].url, "https://cdn.example.com/b.webp")
        XCTAssertEqual(images[2].mimeType, "image/png")
        XCTAssertEqual(images[2].data?.prefix(4), Data([0x89, 0x50, 0x4E, 0x47]))
    }

    // §2.3
    func testImageOutputsUrlOrB64() throws {
        let outputs = try OpenAIImages.outputs(json(#"{"created":1,"data":[{"url":"https://x/1.png","b64_json":""},{"b64_json":"iVBORw0KGgo=","url":""}]}"#))
        XCTAssertEqual(outputs.count, 2)
        XCTAssertEqual(outputs[0].url, "https://x/1.png")
        XCTAssertNil(outputs[1].url)
        XCTAssertEqual(outputs[1].mimeType, "image/png")
        XCTAssertThrowsError(try OpenAIImages.outputs(json(#"{"data":[{"url":""}]}"#)))
    }

    // §2.7
    func testEmbeddings() throws {
        let vectors = try OpenAIModels.decodeEmbeddings(json(#"{"object":"list","data":[{"object":"embedding","index":1,"embedding":[1,2]},{"index":0,"embedding":[0.0023,-0.0093]}]}"#))
        XCTAssertEqual(vectors, [[0.0023, -0.0093], [1, 2]])
    }

    // §3.2–3.5
    func testBalances() throws {
        let billing = try BalanceFamily.decodeBilling(
            subscription: json(#"{"object":"billing_subscription","has_payment_method":true,"soft_limit_usd":12.5,"hard_limit_usd":12.5,"system_hard_limit_usd":12.5,"access_until":0}"#),
            usage: json(#"{"object":"list","total_usage":250.0}"#), unit: .usd)
        XCTAssertEqual(billing.amount, 10, accuracy: 1e-9)
        XCTAssertEqual(billing.used, 2.5)
        let token = try BalanceFamily.decodeTokenUsage(json("""
            {"code":true,"message":"ok","data":{"object":"token_usage","name":"my-key","total_granted":5000000,"total_used":1250000,
             "total_available":3750000,"unlimited_quota":false,"model_limits":{},"model_limits_enabled":false,"expires_at":0}}
            """), unit: .usd, quotaPerUnit: 500_000)
        XCTAssertEqual(token.amount, 7.5, accuracy: 1e-9)
        XCTAssertEqual(token.granted, 10)
        let user = try BalanceFamily.decodeUserSelf(json(#"{"success":true,"message":"","data":{"id":1,"username":"alice","quota":4500000,"used_quota":500000}}"#),
                                                    unit: .usd, quotaPerUnit: 500_000)
        XCTAssertEqual(user.amount, 9, accuracy: 1e-9)
        XCTAssertEqual(user.unit, .usd)
        XCTAssertThrowsError(try BalanceFamily.decodeUserSelf(json(#"{"success":false,"message":"无权进行此操作，未提供 New-Api-User"}"#),
                                                              unit: .usd, quotaPerUnit: 500_000)) {
            XCTAssertEqual(($0 as? RelayError)?.category, .unauthorized)
        }
    }

    // §4.3–4.4
    func testMidjourneySubmitCodes() throws {
        let ok = try MidjourneyFamily.decodeSubmit(json(#"{"code":1,"description":"提交成功","result":"1730621826053455","properties":{"discordInstanceId":"1"}}"#),
                                                   operation: "imagine", kind: .image)
        XCTAssertEqual(ok.providerTaskID, "1730621826053455")
        XCTAssertEqual(ok.status, .submitted)
        let queued = try MidjourneyFamily.decodeSubmit(json(#"{"code":22,"description":"排队中，前面还有1个任务","result":"17","properties":{"numberOfQueues":1}}"#),
                                                       operation: "imagine", kind: .image)
        XCTAssertEqual(queued.status, .submitted)
        let modal = try MidjourneyFamily.decodeSubmit(json(#"{"code":21,"description":"Waiting for window confirm","result":"18","properties":{"finalPrompt":"a cat","remix":true}}"#),
                                                      operation: "action", kind: .image)
        XCTAssertEqual(modal.status, .needsInput)
        XCTAssertEqual(modal.outputs.first?.text, "a cat")
        func category(_ body: String) -> RelayErrorCategory? {
            do {
                _ = try MidjourneyFamily.decodeSubmit(json(body), operation: "imagine", kind: .image)
                return nil
            } catch { return (error as? RelayError)?.category }
        }
        XCTAssertEqual(category(#"{"code":24,"description":"可能包含敏感词","result":null,"properties":{"promptEn":"nude body","bannedWord":"nude"}}"#), .contentRejected)
        XCTAssertEqual(category(#"{"code":4,"description":"prompt不能为空"}"#), .invalidRequest)
        XCTAssertEqual(category(#"{"code":3,"description":"关联任务不存在或已失效"}"#), .notFound)
        XCTAssertEqual(category(#"{"code":23,"description":"队列已满，请稍后尝试"}"#), .rateLimited)
        XCTAssertEqual(category(#"{"code":9,"description":"提交失败，系统异常"}"#), .upstreamFailure)
    }

    // §4.5
    func testMidjourneyTaskWithButtons() throws {
        let hash = "3785da15-4f70-4034-9128-f3ff1ac634fa"
        let buttons = (1...4).map { #"{"customId":"MJ::JOB::upsample::\#($0)::\#(hash)","emoji":"","label":"U\#($0)","type":2,"style":2}"# }
            + [#"{"customId":"MJ::JOB::reroll::0::\#(hash)::SOLO","emoji":"🔄","label":"","type":2,"style":2}"#]
            + (1...4).map { #"{"customId":"MJ::JOB::variation::\#($0)::\#(hash)","emoji":"","label":"V\#($0)","type":2,"style":2}"# }
        let task = MidjourneyFamily.decodeTask(try json("""
            {"id":"1730621826053455","action":"IMAGINE","customId":"","botType":"","prompt":"pig --v 6.1","promptEn":"pig --v 6.1",
             "description":"Submit success","state":"","submitTime":1730621826053,"startTime":1730621828024,"finishTime":1730621855817,
             "imageUrl":"https://relay.example.com/mj/image/1730621826053455","videoUrl":"","videoUrls":null,
             "status":"SUCCESS","progress":"100%","failReason":"","buttons":[\(buttons.joined(separator: ","))],
             "maskBase64":"","properties":{"finalPrompt":"pig --v 6.1","finalZhPrompt":""}}
            """))
        XCTAssertEqual(task.status, .succeeded)
        XCTAssertEqual(task.progress, 100)
        XCTAssertEqual(task.outputs.map(\.url), ["https://relay.example.com/mj/image/1730621826053455"])
        XCTAssertEqual(task.outputs.first?.kind, .image)
        XCTAssertEqual(task.actions.count, 9)
        XCTAssertEqual(task.actions[0].kind, "upscale")
        XCTAssertEqual(task.actions[0].label, "U1")
        XCTAssertEqual(task.actions[4].kind, "reroll")
        XCTAssertEqual(task.actions[4].label, "🔄")
        XCTAssertEqual(task.actions[8].kind, "variation")
        XCTAssertEqual(task.finishedAt!.timeIntervalSince1970, 1_730_621_855.817, accuracy: 0.001)
    }

    func testMidjourneyStatesAndSpecialButtons() throws {
        XCTAssertEqual(MidjourneyFamily.decodeTask(try json(#"{"id":"1","status":"","progress":"0%"}"#)).status, .queued)
        let running = MidjourneyFamily.decodeTask(try json(#"{"id":"1","status":"IN_PROGRESS","progress":"46%","imageUrl":"https://x/mj/image/1?rand=1"}"#))
        XCTAssertEqual(running.status, .running)
        XCTAssertEqual(running.progress, 46)
        XCTAssertTrue(running.outputs.isEmpty, "previews are not outputs")
        XCTAssertEqual(MidjourneyFamily.decodeTask(try json(#"{"id":"1","status":"MODAL","progress":"0%"}"#)).status, .needsInput)
        let failed = MidjourneyFamily.decodeTask(try json(#"{"id":"1","status":"FAILURE","progress":"","failReason":"[Invalid parameter] Invalid value"}"#))
        XCTAssertEqual(failed.status, .failed)
        XCTAssertEqual(failed.failure?.message, "[Invalid parameter] Invalid value")
        let describe = MidjourneyFamily.decodeTask(try json(#"{"id":"2","action":"DESCRIBE","status":"SUCCESS","progress":"100%","imageUrl":"https://x/in.png","properties":{"finalPrompt":"1️⃣ Cat --ar 5:4\n\n2️⃣ Dog"},"buttons":[{"customId":"MJ::Job::PicReader::1","emoji":"1️⃣","label":""},{"customId":"MJ::Picread::Retry","emoji":"🔄","label":""}]}"#))
        XCTAssertEqual(describe.kind, .text)
        XCTAssertEqual(describe.outputs.first?.text, "1️⃣ Cat --ar 5:4\n\n2️⃣ Dog")
        XCTAssertEqual(describe.actions.map(\.kind), ["describePrompt", "describeRetry"])
        let inpaint = MidjourneyFamily.action(from: try json(#"{"customId":"MJ::Inpaint::1::abc::SOLO","emoji":"🖌️","label":"Vary (Region)"}"#))
        XCTAssertEqual(inpaint?.kind, "inpaint")
        XCTAssertEqual(inpaint?.needsInput, true)
        XCTAssertEqual(MidjourneyFamily.action(from: try json(#"{"customId":"MJ::JOB::upsample_v6_2x_subtle::1::h::SOLO","label":"Upscale (Subtle)"}"#))?.kind, "upscale")
        XCTAssertEqual(MidjourneyFamily.action(from: try json(#"{"customId":"MJ::Outpaint::50::1::h::SOLO","label":"Zoom Out 2x"}"#))?.kind, "zoom")
        XCTAssertEqual(MidjourneyFamily.action(from: try json(#"{"customId":"MJ::CustomZoom::1::h","label":"Custom Zoom"}"#))?.needsInput, true)
        XCTAssertEqual(MidjourneyFamily.action(from: try json(#"{"customId":"MJ::JOB::pan_left::1::h::SOLO","emoji":"⬅️","label":""}"#))?.kind, "pan")
    }

    // §5.1
    func testSunoFetchTwoClips() throws {
        let data = try NewAPITask.unwrap(json("""
            {"code":"success","message":"","data":{"id":123,"created_at":1733717567,"updated_at":1733717767,"task_id":"task_4f6c",
              "platform":"suno","action":"MUSIC","status":"SUCCESS","fail_reason":"","result_url":"",
              "submit_time":1733717567,"start_time":1733717580,"finish_time":1733717767,"progress":"100%",
              "data":[
                {"id":"a06015d0-9e04-4f30-85db-401494940394","title":"City Lights","status":"complete",
                 "audio_url":"https://cdn1.suno.ai/a06015d0.mp3","video_url":"https://cdn1.suno.ai/a06015d0.mp4",
                 "image_url":"https://cdn2.suno.ai/image_a06015d0.jpeg","image_large_url":"https://cdn2.suno.ai/image_large_a06015d0.jpeg",
                 "model_name":"chirp-v4","metadata":{"tags":"emotional punk","prompt":"[Verse]…","duration":219.0,"error_message":null}},
                {"clip_id":"b2","state":"succeeded","audio_url":"https://cdn1.suno.ai/b2.mp3","duration":"180.5","title":"City Lights"}]}}
            """))
        let task = try SunoFamily.decodeFetch(data, operation: "music")
        XCTAssertEqual(task.providerTaskID, "task_4f6c")
        XCTAssertEqual(task.status, .succeeded)
        XCTAssertEqual(task.outputs.count, 2)
        XCTAssertEqual(task.outputs[0].duration, 219)
        XCTAssertEqual(task.outputs[0].coverURL, "https://cdn2.suno.ai/image_large_a06015d0.jpeg")
        XCTAssertEqual(task.outputs[0].title, "City Lights")
        XCTAssertEqual(task.outputs[0].mimeType, "audio/mpeg")
        XCTAssertEqual(task.outputs[1].providerID, "b2")
        XCTAssertEqual(task.outputs[1].duration, 180.5)
        XCTAssertEqual(task.finishedAt?.timeIntervalSince1970, 1_733_717_767)
    }

    func testSunoFailureLyricsAndEnvelopeError() throws {
        let failed = try SunoFamily.decodeFetch(json(#"{"task_id":"t","status":"FAILURE","progress":"100%","fail_reason":"","data":[{"id":"c","status":"error","metadata":{"error_message":"Lyrics contain banned words"}}]}"#), operation: "music")
        XCTAssertEqual(failed.status, .failed)
        XCTAssertEqual(failed.failure?.message, "Lyrics contain banned words")
        XCTAssertEqual(failed.failure?.category, .contentRejected)
        let lyrics = try SunoFamily.decodeFetch(json(#"{"task_id":"l","action":"LYRICS","status":"SUCCESS","progress":"100%","data":{"id":"x","status":"complete","title":"Cats","text":"[Verse] meow"}}"#), operation: "lyrics")
        XCTAssertEqual(lyrics.kind, .text)
        XCTAssertEqual(lyrics.outputs.first?.text, "[Verse] meow")
        XCTAssertEqual(lyrics.outputs.first?.title, "Cats")
        XCTAssertThrowsError(try NewAPITask.unwrap(json(#"{"code":"task_not_exist","message":"task_not_exist","data":null}"#))) {
            XCTAssertEqual(($0 as? RelayError)?.category, .notFound)
        }
        let streaming = try SunoFamily.decodeFetch(json(#"{"task_id":"t","status":"IN_PROGRESS","progress":"0%","data":[{"id":"a","status":"streaming","audio_url":"https://x/a.mp3"},{"id":"b","status":"queued"}]}"#), operation: "music")
        XCTAssertEqual(streaming.status, .running)
    }

    // §6.4, §6.7
    func testKlingNativeAndNewAPI() throws {
        let submit = try KlingFamily.decodeSubmit(json("""
            {"code":0,"message":"SUCCEED","request_id":"CjMkWmdWwJcAAAAAALuKNg",
             "data":{"task_id":"CjMkWmdWwJcAAAAAALuKNg","task_status":"submitted","task_info":{"external_task_id":""},
                     "created_at":1722769557708,"updated_at":1722769557708}}
            """), endpoint: .textToVideo)
        XCTAssertEqual(submit.providerTaskID, "CjMkWmdWwJcAAAAAALuKNg")
        XCTAssertEqual(submit.route["endpoint"], "videos/text2video")
        let done = try KlingFamily.decodeFetch(json("""
            {"code":0,"message":"SUCCEED","request_id":"…",
             "data":{"task_id":"CjMkWmdWwJcAAAAAALuKNg","task_status":"succeed","task_status_msg":"",
               "task_info":{"external_task_id":""},"final_unit_deduction":"1","watermark_info":{"enabled":false},
               "task_result":{"videos":[{"id":"a3f8","url":"https://x/video.mp4","watermark_url":"…","duration":"5.1"}]},
               "created_at":1722769557708,"updated_at":1722769811298}}
            """), kind: .video)
        XCTAssertEqual(done.status, .succeeded)
        XCTAssertEqual(done.outputs.first?.url, "https://x/video.mp4")
        XCTAssertEqual(done.outputs.first?.duration, 5.1)
        XCTAssertEqual(done.outputs.first?.mimeType, "video/mp4")
        let image = try KlingFamily.decodeFetch(json(#"{"code":0,"data":{"task_id":"i","task_status":"succeed","task_result":{"images":[{"index":0,"url":"https://x/1.png"}]}}}"#), kind: .image)
        XCTAssertEqual(image.outputs.first?.kind, .image)
        let newSubmit = try KlingFamily.decodeSubmit(json(#"{"id":"task_0a1b","task_id":"task_0a1b","object":"video","model":"kling-v1-6","status":"queued","progress":0,"created_at":1735000000}"#), endpoint: .textToVideo)
        XCTAssertEqual(newSubmit.providerTaskID, "task_0a1b")
        let wrapped = try KlingFamily.decodeFetch(json(#"{"code":"success","data":{"task_id":"task_0a1b","status":"IN_PROGRESS","progress":"30%","result_url":"","data":{"code":0,"data":{"task_id":"K","task_status":"processing"}}}}"#), kind: .video)
        XCTAssertEqual(wrapped.status, .running)
        XCTAssertEqual(wrapped.progress, 30)
        XCTAssertEqual(wrapped.providerTaskID, "task_0a1b")
        let failed = try KlingFamily.decodeFetch(json(#"{"code":0,"data":{"task_id":"K","task_status":"failed","task_status_msg":"Failure to pass the risk control system"}}"#), kind: .video)
        XCTAssertEqual(failed.status, .failed)
        XCTAssertEqual(failed.failure?.message, "Failure to pass the risk control system")
        XCTAssertThrowsError(try KlingFamily.decodeSubmit(json(#"{"code":1102,"message":"resource pack exhausted","request_id":"r"}"#), endpoint: .textToVideo)) {
            XCTAssertEqual(($0 as? RelayError)?.category, .insufficientBalance)
        }
    }

    // §7.4–7.6
    func testUnifiedVideoShapes() throws {
        let submit = try UnifiedVideoFamily.decodeSubmit(json(#"{"id":"task_a1","task_id":"task_a1","object":"video","model":"kling-v1-6","status":"queued","progress":0,"created_at":1735000000}"#), route: .generations)
        XCTAssertEqual(submit.providerTaskID, "task_a1")
        let dto = try UnifiedVideoFamily.decodeFetch(json("""
            {"code":"success","message":"","data":{"id":42,"created_at":1735000000,"updated_at":1735000150,"task_id":"task_a1",
              "platform":"50","action":"textGenerate","status":"SUCCESS","fail_reason":"","result_url":"https://x/video.mp4",
              "submit_time":1735000000,"start_time":1735000015,"finish_time":1735000150,"progress":"100%","data":{}}}
            """), contentURL: "https://relay/v1/videos/task_a1/content")
        XCTAssertEqual(dto.status, .succeeded)
        XCTAssertEqual(dto.outputs.first?.url, "https://x/video.mp4")
        let queued = try UnifiedVideoFamily.decodeFetch(json(#"{"code":"success","data":{"task_id":"t","status":"NOT_START","progress":"0%"}}"#), contentURL: "")
        XCTAssertEqual(queued.status, .queued)
        let veo = try UnifiedVideoFamily.decodeFetch(json(#"{"code":"success","message":"","data":{"task_id":"task_v","status":"processing","url":"","format":"mp4","metadata":null,"error":null}}"#), contentURL: "")
        XCTAssertEqual(veo.status, .running)
        let veoDone = try UnifiedVideoFamily.decodeFetch(json(#"{"code":"success","data":{"task_id":"task_v","status":"succeeded","url":"https://x/v.mp4","format":"mp4"}}"#), contentURL: "")
        XCTAssertEqual(veoDone.outputs.first?.url, "https://x/v.mp4")
        let yunwu = try UnifiedVideoFamily.decodeFetch(json(#"{"id":"033fa60e","status":"success","video_url":"https://x/y.mp4","enhanced_prompt":"…","status_update_time":1750323167003}"#), contentURL: "")
        XCTAssertEqual(yunwu.status, .succeeded)
        XCTAssertEqual(yunwu.outputs.first?.url, "https://x/y.mp4")
        let sora = try UnifiedVideoFamily.decodeFetch(json(#"{"id":"task_s","object":"video","model":"sora-2","status":"in_progress","progress":33,"created_at":1735000000,"completed_at":null,"seconds":"8","size":"1280x720","error":null,"metadata":{}}"#), contentURL: "")
        XCTAssertEqual(sora.status, .running)
        XCTAssertEqual(sora.progress, 33)
        let soraDone = try UnifiedVideoFamily.decodeFetch(json(#"{"id":"task_s","object":"video","status":"completed","progress":100,"seconds":"8"}"#), contentURL: "https://relay/v1/videos/task_s/content")
        XCTAssertEqual(soraDone.outputs.first?.url, "https://relay/v1/videos/task_s/content")
        XCTAssertEqual(soraDone.outputs.first?.duration, 8)
        let createSubmit = try UnifiedVideoFamily.decodeSubmit(json(#"{"id":"veo3.1-fast:7391ad0e","status":"pending","status_update_time":1762241017286}"#), route: .create)
        XCTAssertEqual(createSubmit.providerTaskID, "veo3.1-fast:7391ad0e")
        XCTAssertEqual(createSubmit.route["route"], "create")
    }

    // §7.1
    func testLumaGeneration() throws {
        let done = LumaFamily.decodeGeneration(try json("""
            {"id":"77aae5b1","liked":null,"state":"completed",
             "video":{"url":"https://storage.cdn-luma.com/w.mp4","width":656,"height":1552,"thumbnail":"https://x/t.jpg",
                      "download_url":"https://storage.cdn-luma.com/clean.mp4"},
             "prompt":"p","created_at":"2024-11-01T10:20:34.197000Z","queue_state":null}
            """))
        XCTAssertEqual(done.status, .succeeded)
        XCTAssertEqual(done.outputs.first?.url, "https://storage.cdn-luma.com/clean.mp4")
        XCTAssertEqual(done.outputs.first?.coverURL, "https://x/t.jpg")
        let noLink = LumaFamily.decodeGeneration(try json(#"{"id":"1","state":"completed","video":null}"#))
        XCTAssertEqual(noLink.status, .running, "completed without a link keeps polling")
        XCTAssertEqual(LumaFamily.decodeGeneration(try json(#"{"id":"1","state":"pending"}"#)).status, .queued)
        XCTAssertEqual(LumaFamily.decodeGeneration(try json(#"{"id":"1","state":"failed","failure_reason":"bad"}"#)).failure?.message, "bad")
    }

    // §7.3
    func testRunwayTask() throws {
        let running = RunwayFamily.decodeTask(try json(#"{"id":"b7e4","status":"RUNNING","createdAt":"2025-01-01T00:00:00.000Z","progress":0.42}"#))
        XCTAssertEqual(running.status, .running)
        XCTAssertEqual(running.progress, 42)
        let done = RunwayFamily.decodeTask(try json(#"{"id":"b7e4","status":"SUCCEEDED","output":["https://x/r.mp4"]}"#))
        XCTAssertEqual(done.outputs.first?.url, "https://x/r.mp4")
        let failed = RunwayFamily.decodeTask(try json(#"{"id":"b7e4","status":"FAILED","failure":"Content moderated","failureCode":"SAFETY.INPUT.TEXT"}"#))
        XCTAssertEqual(failed.failure?.category, .contentRejected)
        XCTAssertEqual(RunwayFamily.decodeTask(try json(#"{"id":"b","status":"THROTTLED"}"#)).status, .queued)
        XCTAssertEqual(RunwayFamily.decodeTask(try json(#"{"id":"b","status":"CANCELLED"}"#)).status, .cancelled)
    }

    // YunApi seed (Jimeng)
    func testJimeng() throws {
        let task = try JimengFamily.decode(json("""
            {"code":10000,"data":{"algorithm_base_resp":{"status_code":0,"status_message":"Success"},
             "binary_data_base64":["iVBORw0KGgo="],"image_urls":["https://x/j.png"],"request_id":"r1"},
             "message":"Success","request_id":"r1","status":10000,"time_elapsed":"10.887140906s"}
            """))
        XCTAssertEqual(task.status, .succeeded)
        XCTAssertEqual(task.outputs.map(\.url), ["https://x/j.png"])
        let b64 = try JimengFamily.decode(json(#"{"code":10000,"data":{"binary_data_base64":["iVBORw0KGgo="],"image_urls":null}}"#))
        XCTAssertEqual(b64.outputs.first?.mimeType, "image/png")
        XCTAssertThrowsError(try JimengFamily.decode(json(#"{"code":50411,"message":"Pre Img Risk Not Pass"}"#))) {
            XCTAssertEqual(($0 as? RelayError)?.category, .contentRejected)
        }
    }

    // Img Open / MX seeds
    func testImgOpenAndMXEnvelopes() throws {
        XCTAssertEqual(try ImgOpenSDFamily.unwrap(json(#"{"code":"200","msg":"success","data":{"task_id":"pro1686666"}}"#))["task_id"].string, "pro1686666")
        XCTAssertThrowsError(try ImgOpenSDFamily.unwrap(json(#"{"code":"401","msg":"accessKey invalid"}"#))) {
            XCTAssertEqual(($0 as? RelayError)?.category, .unauthorized)
        }
        XCTAssertEqual(try MXDrawingFamily.unwrap(json(#"{"code":0,"msg":"成功","data":{"img_uuid":"3e6fd87b"}}"#))["img_uuid"].string, "3e6fd87b")
    }

    func testRelayTaskIsCodable() throws {
        var task = RelayTask(providerTaskID: "p", family: .suno, operation: "music", kind: .audio, status: .running, progress: 40)
        task.outputs = [TaskOutput(kind: .audio, url: "https://x/a.mp3", duration: 12)]
        task.failure = TaskFailure(category: .rateLimited, message: "m")
        let data = try JSONEncoder().encode(task)
        XCTAssertEqual(try JSONDecoder().decode(RelayTask.self, from: data), task)
    }

    func testMergeNeverRunsProgressBackwards() {
        let old = RelayTask(id: "ours", providerTaskID: "p", family: .midjourney, operation: "imagine", kind: .image,
                            status: .running, progress: 60, route: ["k": "v"])
        let update = RelayTask(id: "other", family: .midjourney, operation: "", kind: .image, status: .running, progress: 40)
        let merged = old.merged(with: update)
        XCTAssertEqual(merged.id, "ours")
        XCTAssertEqual(merged.progress, 60)
        XCTAssertEqual(merged.providerTaskID, "p")
        XCTAssertEqual(merged.route, ["k": "v"])
        XCTAssertEqual(merged.operation, "imagine")
    }
}

/// Callback bodies through the public decoder.
final class CallbackDecodingTests: XCTestCase {
    func testCallbackBodiesOfEachFamily() throws {
        let kling = try RelayDecoding.task(from: Data(#"{"task_id":"K1","task_status":"succeed","task_status_msg":"","created_at":1722769557708,"updated_at":1722769811298,"task_result":{"videos":[{"id":"v","url":"https://x/k.mp4","duration":"5"}]}}"#.utf8), family: .kling)
        XCTAssertEqual(kling.status, .succeeded)
        XCTAssertEqual(kling.outputs.first?.url, "https://x/k.mp4")
        let suno = try RelayDecoding.task(from: Data(#"{"task_id":"t","status":"SUCCESS","progress":"100%","data":[{"id":"c","status":"complete","audio_url":"https://x/c.mp3"}]}"#.utf8), family: .suno)
        XCTAssertEqual(suno.providerTaskID, "t")
        XCTAssertEqual(suno.outputs.count, 1)
        let imgOpen = try RelayDecoding.task(from: Data(#"{"code":"200","msg":"success","data":{"task_id":"pro1","status":"SUCCESS","progress":100,"images":["https://x/1.png"]}}"#.utf8), family: .imgOpenSD)
        XCTAssertEqual(imgOpen.outputs.first?.url, "https://x/1.png")
        let mx = try RelayDecoding.task(from: Data(#"{"code":0,"msg":"成功","data":{"img_uuid":"u","status":"success","img_url":"https://x/m.png"}}"#.utf8), family: .mxDrawing)
        XCTAssertEqual(mx.providerTaskID, "u")
        XCTAssertEqual(mx.status, .succeeded)
        let secret = try RelayDecoding.task(from: Data(#"{"id":"1","status":"IN_PROGRESS","progress":"10%","properties":{"notifyHook":"https://h/?token=sk-abcdefghijkl"},"token":"t0k3n-value"}"#.utf8), family: .midjourney)
        XCTAssertFalse(secret.rawResponse?.contains("sk-abcdefghijkl") ?? true)
        XCTAssertFalse(secret.rawResponse?.contains("t0k3n-value") ?? true)
        XCTAssertThrowsError(try RelayDecoding.task(from: Data("<html>".utf8), family: .midjourney)) {
            XCTAssertEqual(($0 as? RelayError)?.category, .invalidResponse)
        }
        XCTAssertThrowsError(try RelayDecoding.task(from: Data("{}".utf8), family: .jimeng))
    }
}
